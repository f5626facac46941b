using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Replays ../shared/corpus/localstack/test_state_cases (TestState responses recorded on AWS): status, output,
/// nextState, error, cause and inspectionData must match. Cases listed in TestStateCorpusSkipList.txt cannot pass
/// yet (reason per entry); the pass count must not drop below the floor and a listed case that passes fails the test.
/// </summary>
public sealed partial class TestStateCorpusTests(ITestOutputHelper output)
{
    private const int PassFloor = 107;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly string[] StringMembers = ["definition", "input", "variables", "context"];

    private static readonly string[] Compared = ["status", "output", "nextState", "error", "cause", "inspectionData"];

    [Fact]
    public async Task Recorded_TestState_responses_replay()
    {
        var skip = CorpusLocator.ReadSkipList(Path.Combine("Api", "TestStateCorpusSkipList.txt"));
        var passed = 0;
        var failures = new List<string>();
        var nowPassing = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(CorpusLocator.Root, "localstack", "test_state_cases"), "*.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var outcome = await ReplayAsync(JsonNode.Parse(File.ReadAllText(file))!.AsObject());
            if (outcome is null)
            {
                passed++;
                if (skip.Contains(id))
                {
                    nowPassing.Add(id);
                }
            }
            else if (!skip.Contains(id))
            {
                failures.Add(id + " | " + outcome.ReplaceLineEndings(" "));
            }
            else
            {
                output.WriteLine("skipped " + id + " | " + outcome.ReplaceLineEndings(" "));
            }
        }

        output.WriteLine($"passed {passed}, skipped {skip.Count}");
        Assert.True(nowPassing.Count == 0, "now passing, remove from the skip list:\n" + string.Join("\n", nowPassing));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(passed >= PassFloor, $"only {passed} recorded TestState responses replayed");
    }

    /// <summary>Null when the recorded response is reproduced, else what differed.</summary>
    private static async Task<string?> ReplayAsync(JsonObject testCase)
    {
        var request = testCase["request"]!.AsObject().DeepClone().AsObject();
        foreach (var member in StringMembers)
        {
            if (request[member] is JsonNode node && node.GetValueKind() != JsonValueKind.String && node.GetValueKind() != JsonValueKind.Null)
            {
                request[member] = node.ToJsonString();
            }
        }

        if (request["mock"]?["result"] is JsonNode result && result.GetValueKind() != JsonValueKind.String)
        {
            request["mock"]!["result"] = result.ToJsonString();
        }

        TestStateRequest typed;
        try
        {
            typed = request.Deserialize<TestStateRequest>(Json)!;
        }
        catch (JsonException e)
        {
            return "request not representable in the typed API: " + e.Message;
        }

        TestStateResponse response;
        try
        {
            response = await ExecutionFixture.Create().TestStateAsync(typed);
        }
        catch (NotSupportedException e)
        {
            return "not supported: " + e.Message;
        }
        catch (StepFunctionsException e)
        {
            return e.ErrorCode + ": " + e.Message;
        }

        var expected = testCase["expected_response"]!.AsObject();
        var actual = JsonSerializer.SerializeToNode(response, Json)!.AsObject();
        foreach (var member in Compared)
        {
            var want = Normalize(expected[member], member == "inspectionData");
            var got = Normalize(actual[member], member == "inspectionData");
            if (!Same(want, got))
            {
                return $"{member}: {got?.ToJsonString() ?? "(none)"} instead of {want?.ToJsonString() ?? "(none)"}";
            }
        }

        return null;
    }

    /// <summary>
    /// Deep equality where a recorded snapshot placeholder (<c>&lt;uuid:1&gt;</c>, <c>&lt;region&gt;</c>, alone or inside
    /// a string) stands for any text, and the snapshot's <c>date</c> stands for any timestamp.
    /// </summary>
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
                return DateTimeOffset.TryParse(actual, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
            }

            var pattern = "^" + string.Join(".+", Placeholder().Split(text).Select(System.Text.RegularExpressions.Regex.Escape)) + "$";
            return text.Contains('<') && System.Text.RegularExpressions.Regex.IsMatch(actual, pattern, System.Text.RegularExpressions.RegexOptions.Singleline);
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

    /// <summary>
    /// Payload strings (output, the inspection data's members) are compared as the JSON they hold: the recording shows
    /// them parsed. Strings inside a payload stay strings.
    /// </summary>
    private static JsonNode? Normalize(JsonNode? node, bool inspection = false)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            try
            {
                return JsonNode.Parse(text) ?? node.DeepClone();
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
                if (child is not null)
                {
                    copy[key] = Normalize(child);
                }
            }

            return copy;
        }

        return node.DeepClone();
    }

    [System.Text.RegularExpressions.GeneratedRegex("<[^<>]+>")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}
