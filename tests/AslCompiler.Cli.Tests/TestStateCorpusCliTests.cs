using System.Text.Json.Nodes;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// The TestState requests recorded on AWS (../shared/corpus/localstack/test_state_cases) replayed through
/// <c>asl test-state --request @file</c>: the printed response must match the recorded one (status, output,
/// nextState, error, cause, inspectionData; <see cref="RecordedTestStates"/>) and the exit code must follow the status.
/// Recordings that need a real Lambda function (no mock) are not replayable locally; <see cref="RecordedTestStates.Unreplayable"/>
/// lists the others, with reasons.
/// </summary>
public class TestStateCorpusCliTests
{
    public static TheoryData<string> Cases() => [.. RecordedTestStates.Cases(CasesDirectory)];

    [Fact]
    public void The_recorded_cases_are_found()
    {
        Assert.True(Cases().Count >= 107);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recorded_response_is_printed(string file)
    {
        var testCase = JsonNode.Parse(File.ReadAllText(Path.Combine(CasesDirectory, file)))!;
        var requestFile = CliRunner.TempFile(testCase["request"]!.ToJsonString());
        var (exitCode, output, error) = CliRunner.Run("test-state", "--request", "@" + requestFile, "--account-id", "111111111111");
        Assert.True(output.Length > 0, error);
        var expected = testCase["expected_response"]!.AsObject();
        var differences = RecordedTestStates.Differences(expected, JsonNode.Parse(output)!.AsObject()).ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.Equal((string?)expected["status"] == "FAILED" ? 1 : 0, exitCode);
    }

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "test_state_cases"));
}
