using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tests.Execution;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// The executions recorded on AWS whose LocalStack test ran them with a Step Functions Local mock configuration
/// (<c>mock_config</c> in ../shared/corpus/localstack/cases) replayed through
/// <c>asl run FILE --mock CONFIG --test-case NAME --history</c>, the definition saved under the mocked state machine's
/// name: status, output, error, cause and the sequence of history event types must match the recording, as
/// ExecutionCorpusTests compares them (snapshot placeholders stand for any value of their shape).
/// <see cref="Unreplayable"/> lists the recordings that cannot match, with reasons.
/// </summary>
public sealed class MockConfigCorpusCliTests
{
    private static readonly Dictionary<string, string> Unreplayable = new(StringComparer.Ordinal)
    {
        ["test_base_scenarios__test_parallel_state_lambda"] =
            "the recording's output is the extractor's unresolved reference \"executionSucceededEventDetails.output\", not a value",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!Unreplayable.ContainsKey(id) && !JsonValue.Parse(File.ReadAllText(path))["mock_config"].IsUndefined)
            {
                data.Add(id);
            }
        }

        return data;
    }

    [Fact]
    public void The_recorded_cases_are_found()
    {
        Assert.True(Cases().Count + Unreplayable.Count >= 11);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recorded_execution_reproduces(string id)
    {
        var testCase = JsonValue.Parse(File.ReadAllText(Path.Combine(CasesDirectory, id + ".json")));
        var mock = testCase["mock_config"];
        var (machine, machineConfig) = Assert.Single(mock["StateMachines"].GetObject());
        var (testCaseName, _) = Assert.Single(machineConfig["TestCases"].GetObject());

        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var definition = Path.Combine(folder, machine + ".asl.json");
        File.WriteAllText(definition, testCase["definition"].ToJsonString());
        var input = CliRunner.TempFile(testCase["input"].ToJsonString());
        var mocks = CliRunner.TempFile(mock.ToJsonString());
        var type = testCase["state_machine_type"].TryGetString(out var t) && t == "EXPRESS" ? "EXPRESS" : "STANDARD";

        var (exitCode, output, error) = CliRunner.Run("run", definition, "--input", "@" + input, "--mock", mocks, "--test-case", testCaseName, "--type", type, "--history");
        Assert.True(output.Length > 0, error);
        var actual = JsonValue.Parse(output);
        var expected = testCase["expected"];
        Assert.Equal(expected["status"].GetString(), actual["status"].GetString());
        Assert.Equal(expected["status"].GetString() == "SUCCEEDED" ? 0 : 1, exitCode);

        var matcher = SnapshotMatcher.ForCase(testCase);
        var problems = new List<string>();
        if (expected["status"].GetString() == "SUCCEEDED" && matcher.Compare(RecordedTaskOutcomes.Decode(expected["output"]), actual["output"], "output") is { } outputProblem)
        {
            problems.Add(outputProblem + " (output " + actual["output"].ToJsonString() + ")");
        }

        foreach (var member in new[] { "error", "cause" })
        {
            if (expected[member].TryGetString(out var want) && matcher.Compare(want, actual[member].TryGetString(out var got) ? got : "(none)", member) is { } problem)
            {
                problems.Add(problem);
            }
        }

        // An Express execution is recorded without a history.
        var expectedEvents = expected["events"].TryGetArray(out var events) ? events.Select(e => e.GetString()).ToArray() : [];
        var actualEvents = actual["events"].GetArray().Select(e => e["type"].GetString()).ToArray();
        if (ParallelEventsNormaliser.Applies(expected["history"]))
        {
            actualEvents = [.. ParallelEventsNormaliser.Apply(actualEvents)];
        }

        // Parallel branches run concurrently: their events interleave in any order (as ExecutionCorpusTests allows).
        var concurrent = testCase["definition"].ToJsonString().Contains("\"Parallel\"", StringComparison.Ordinal);
        if (expectedEvents.Length > 0 && !expectedEvents.SequenceEqual(actualEvents) &&
            (!concurrent || !expectedEvents.Order(StringComparer.Ordinal).SequenceEqual(actualEvents.Order(StringComparer.Ordinal))))
        {
            problems.Add("events [" + string.Join(" ", actualEvents) + "] != [" + string.Join(" ", expectedEvents) + "]");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "cases"));
}
