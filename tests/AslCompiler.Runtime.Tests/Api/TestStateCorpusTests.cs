using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using AslCompiler.Tests.Shared;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Replays ../shared/corpus/localstack/test_state_cases (TestState responses recorded on AWS): status, output,
/// nextState, error, cause and inspectionData must match. Cases listed in TestStateCorpusSkipList.txt cannot pass
/// yet (reason per entry); the pass count must not drop below the floor and a listed case that passes fails the test.
/// </summary>
public sealed class TestStateCorpusTests(ITestOutputHelper output)
{
    private const int PassFloor = 107;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

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
        var request = RecordedTestStates.RequestAsSent(testCase["request"]!.AsObject());
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

        var actual = JsonSerializer.SerializeToNode(response, Json)!.AsObject();
        return RecordedTestStates.Differences(testCase["expected_response"]!.AsObject(), actual).FirstOrDefault();
    }
}
