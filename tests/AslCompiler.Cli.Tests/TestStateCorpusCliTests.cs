using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// The TestState requests recorded on AWS (../shared/corpus/localstack/test_state_cases) replayed through
/// <c>asl test-state --request @file</c>: the printed response must match the recorded one (status, output,
/// nextState, error, cause, inspectionData) and the exit code must follow the status. Recordings that need a real
/// Lambda function (no mock) are not replayable locally; <see cref="Unreplayable"/> lists the others, with reasons.
/// </summary>
public partial class TestStateCorpusCliTests
{
    private static readonly Dictionary<string, string> Unreplayable = new(StringComparer.Ordinal)
    {
        ["test_test_state_mock_scenarios__test_sfn_start_execution_success_None___test_case_response.json"] =
            "the recorded mock result holds an unresolved extractor placeholder where AWS saw a real execution ARN",
    };

    private static readonly string[] Compared = ["status", "output", "nextState", "error", "cause", "inspectionData"];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(path);
            var request = JsonNode.Parse(text)!["request"]!;
            var callsLambda = request.ToJsonString().Contains(":function:", StringComparison.Ordinal) || request.ToJsonString().Contains("lambda:invoke", StringComparison.Ordinal);
            if (Unreplayable.ContainsKey(Path.GetFileName(path)) || (request["mock"] is null && callsLambda && request["stateName"] is null))
            {
                continue;
            }

            data.Add(Path.GetFileName(path));
        }

        return data;
    }

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
        var actual = JsonNode.Parse(output)!.AsObject();
        foreach (var member in Compared)
        {
            var want = Normalize(expected[member], member == "inspectionData");
            var got = Normalize(actual[member], member == "inspectionData");
            Assert.True(Same(want, got), $"{member}: {got?.ToJsonString() ?? "(none)"} instead of {want?.ToJsonString() ?? "(none)"}");
        }

        Assert.Equal((string?)expected["status"] == "FAILED" ? 1 : 0, exitCode);
    }

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "test_state_cases"));

    /// <summary>Deep equality; a snapshot placeholder (<c>&lt;region&gt;</c>, alone or inside a string) matches any text, <c>date</c> any timestamp.</summary>
    private static bool Same(JsonNode? want, JsonNode? got)
    {
        if (want is JsonValue w && w.GetValueKind() == JsonValueKind.String && got is JsonValue g && g.GetValueKind() == JsonValueKind.String)
        {
            var text = w.GetValue<string>();
            var actual = g.GetValue<string>();
            if (text == actual)
            {
                return true;
            }

            if (text == "date")
            {
                return DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            }

            var pattern = "^" + string.Join(".+", Placeholder().Split(text).Select(Regex.Escape)) + "$";
            return text.Contains('<') && Regex.IsMatch(actual, pattern, RegexOptions.Singleline);
        }

        if (want is JsonObject wo && got is JsonObject go)
        {
            return wo.Count == go.Count && wo.All(p => go.ContainsKey(p.Key) && Same(p.Value, go[p.Key]));
        }

        if (want is JsonArray wa && got is JsonArray ga)
        {
            return wa.Count == ga.Count && wa.Select((item, i) => Same(item, ga[i])).All(b => b);
        }

        return JsonNode.DeepEquals(want, got);
    }

    /// <summary>Payload strings are compared as the JSON they hold (the recording shows them parsed); strings inside a payload stay strings.</summary>
    private static JsonNode? Normalize(JsonNode? node, bool inspection)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return JsonNode.Parse(value.GetValue<string>()) ?? node.DeepClone();
            }
            catch (JsonException)
            {
                return node.DeepClone();
            }
        }

        if (inspection && node is JsonObject obj)
        {
            var copy = new JsonObject();
            foreach (var (key, child) in obj)
            {
                copy[key] = Normalize(child, false);
            }

            return copy;
        }

        return node?.DeepClone();
    }

    [GeneratedRegex("<[^<>]+>")]
    private static partial Regex Placeholder();
}
