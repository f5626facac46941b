using System.Text;
using System.Text.Json.Nodes;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Tests.Execution;
using AslCompiler.Server.Timing;
using AslCompiler.Tests.Shared;
using Microsoft.Extensions.Logging;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;

namespace AslCompiler.Server.Tests;

/// <summary>
/// The Standard executions recorded on AWS (../shared/corpus/localstack/cases) that need no service, or whose services a
/// mock configuration stands for (their own, or one built from the recorded history, as <c>asl run</c>'s replay builds it;
/// an item reader reads the object its test uploaded), run over the wire as an SDK runs them against <c>asl serve</c>: CreateStateMachine, StartExecution, DescribeExecution until it ends,
/// GetExecutionHistory. Status, output, error and cause must match the recording (snapshot placeholders standing for
/// any value of their shape), and so must the history's event types where the test recorded them, each event carrying
/// the details member the recorded one carries: what GetExecutionHistory makes of the kernel's events, which the kernel's own corpus test
/// does not see. The clock runs 100,000 times faster, so Waits and retries pass at once.
/// </summary>
public sealed class RecordedExecutionWireTests
{
    [Fact]
    public async Task Recorded_executions_replay_over_the_wire()
    {
        var time = new ScaledTimeProvider(100_000);
        var forwarder = System.Reflection.DispatchProxy.Create<IStepFunctions, RecordedWireCorpusTests.Forwarder>();
        await using var server = StepFunctionsServer.Create(forwarder, new StepFunctionsServerOptions { Port = 0 }, logging => logging.ClearProviders());
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var failures = new List<string>();
        var replayed = 0;
        var number = 0;
        foreach (var path in Directory.EnumerateFiles(Path.Combine(RecordedWireCorpusTests.CorpusRoot(), "localstack", "cases"), "*.json").Order(StringComparer.Ordinal))
        {
            var testCase = JsonValue.Parse(File.ReadAllText(path));
            var expected = testCase["expected"];
            if (!Replayable(testCase))
            {
                continue;
            }

            var id = Path.GetFileNameWithoutExtension(path);
            var mock = testCase["mock_config"].IsUndefined ? RecordedTaskOutcomes.MockConfiguration(testCase) ?? default : testCase["mock_config"];
            var name = "m" + (number++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            AslCompiler.Runtime.Tasks.MockTestCase? mocks = null;
            if (!mock.IsUndefined)
            {
                // The mock configuration names one machine and one test case: the machine is created under that name.
                var (machine, machineConfig) = mock["StateMachines"].GetObject().AsSpan()[0];
                name = machine;
                mocks = AslCompiler.Runtime.Tasks.MockConfiguration.Parse(mock).GetTestCase(machine, machineConfig["TestCases"].GetObject().AsSpan()[0].Key);
            }

            ((RecordedWireCorpusTests.Forwarder)(object)forwarder).Target = new LocalStepFunctions(new StepFunctionsOptions
            {
                AccountId = RecordedApiError.Account,
                Region = "us-east-1",
                TimeProvider = time,
                Execution = new ExecutionOptions
                {
                    TimeProvider = time,
                    RoleArn = "arn:aws:iam::" + RecordedApiError.Account + ":role/StatesExecutionRole",
                    Mocks = mocks,
                    ItemReader = RecordedS3Objects.ByCase.TryGetValue(id, out var uploaded)
                        ? new S3ItemReader(new InMemoryS3ObjectSource().Put(testCase["input"]["Bucket"].GetString(), testCase["input"]["Key"].GetString(), uploaded)).ReadAsync
                        : null,
                },
            });
            var created = await CallAsync(client, "CreateStateMachine", new JsonObject
            {
                ["name"] = name,
                ["definition"] = testCase["definition"].ToJsonString(),
                ["roleArn"] = RecordedApiError.RoleArn,
            });
            var started = await CallAsync(client, "StartExecution", new JsonObject
            {
                ["stateMachineArn"] = created["stateMachineArn"]!.GetValue<string>(),
                ["input"] = testCase["input"].ToJsonString(),
            });
            var executionArn = started["executionArn"]!.GetValue<string>();
            JsonObject described;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            do
            {
                described = await CallAsync(client, "DescribeExecution", new JsonObject { ["executionArn"] = executionArn });
            }
            while (described["status"]!.GetValue<string>() == "RUNNING" && DateTime.UtcNow < deadline && await Task.Delay(5).ContinueWith(_ => true));

            var problems = new List<string>();
            var matcher = SnapshotMatcher.ForCase(testCase);
            var status = described["status"]!.GetValue<string>();
            if (status != expected["status"].GetString())
            {
                problems.Add("status " + status + " instead of " + expected["status"].GetString());
            }
            else if (status == "SUCCEEDED" && matcher.Compare(RecordedTaskOutcomes.Decode(expected["output"]), JsonValue.Parse(described["output"]!.GetValue<string>()), "output") is { } outputProblem)
            {
                problems.Add(outputProblem);
            }

            foreach (var member in new[] { "error", "cause" })
            {
                if (expected[member].TryGetString(out var want) && matcher.Compare(want, described[member]?.GetValue<string>() ?? "(none)", member) is { } problem)
                {
                    problems.Add(problem);
                }
            }

            var events = await HistoryAsync(client, executionArn);
            problems.AddRange(HistoryProblems(testCase, status, events));
            replayed++;
            if (problems.Count > 0)
            {
                failures.Add(id + ": " + string.Join("; ", problems));
            }
        }

        Assert.True(failures.Count == 0, failures.Count + " of " + replayed + " failed:\n" + string.Join("\n", failures));
        Assert.True(replayed >= 820, "only " + replayed + " replayed");
    }

    /// <summary>
    /// How the history read over the wire differs from the recorded one: its event types (any order for concurrent
    /// branches) and each event's details member. A case recorded without its history must still end as it did.
    /// </summary>
    private static IEnumerable<string> HistoryProblems(JsonValue testCase, string status, List<JsonObject> events)
    {
        var expected = testCase["expected"];
        if (!expected["history"].TryGetArray(out var history))
        {
            // Its test kept the output only.
            var last = events[^1]["type"]!.GetValue<string>();
            if (last != (status == "SUCCEEDED" ? "ExecutionSucceeded" : "ExecutionFailed"))
            {
                yield return "the history ends with " + last;
            }

            yield break;
        }

        var recorded = history.AsSpan().ToArray();
        var types = events.Select(e => e["type"]!.GetValue<string>()).ToArray();
        if (ParallelEventsNormaliser.Applies(expected["history"]))
        {
            types = [.. ParallelEventsNormaliser.Apply(types)];
        }

        var wantTypes = recorded.Select(e => e["type"].GetString()).ToArray();
        var concurrent = testCase["definition"].ToJsonString().Contains("\"Parallel\"", StringComparison.Ordinal);
        if (!wantTypes.SequenceEqual(types) && (!concurrent || !wantTypes.Order(StringComparer.Ordinal).SequenceEqual(types.Order(StringComparer.Ordinal))))
        {
            yield return "events [" + string.Join(" ", types) + "] != [" + string.Join(" ", wantTypes) + "]";
        }
        else if (!concurrent && !ParallelEventsNormaliser.Applies(expected["history"]))
        {
            // Each event carries the details member the recorded one carries (GetExecutionHistory's mapping of it).
            for (var i = 0; i < recorded.Length; i++)
            {
                foreach (var (key, _) in recorded[i].GetObject())
                {
                    if (key.EndsWith("EventDetails", StringComparison.Ordinal) && events[i][key] is null)
                    {
                        yield return "event " + (i + 1) + " (" + types[i] + ") has no " + key + ": " + events[i].ToJsonString();
                    }
                }
            }
        }
    }

    /// <summary>
    /// A Standard execution that ended (not one its test looked at while it ran) and needs no service, or only Task
    /// calls a mock configuration answers (its own, or one built from its history: see <see cref="RecordedTaskOutcomes.MockConfiguration"/>).
    /// </summary>
    private static bool Replayable(JsonValue testCase) =>
        (RecordedTaskOutcomes.NeedsNothing(testCase) || !testCase["mock_config"].IsUndefined || RecordedTaskOutcomes.MockConfiguration(testCase) is not null)
        && !RecordedTaskOutcomes.NotReplayable.ContainsKey(testCase["id"].GetString())
        && (!testCase["state_machine_type"].TryGetString(out var type) || type == "STANDARD")
        && testCase["expected"]["status"].TryGetString(out var status) && status is "SUCCEEDED" or "FAILED";

    private static async Task<List<JsonObject>> HistoryAsync(HttpClient client, string executionArn)
    {
        var events = new List<JsonObject>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await CallAsync(client, "GetExecutionHistory", request);
            events.AddRange(page["events"]!.AsArray().Select(e => e!.AsObject()));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return events;
    }

    private static async Task<JsonObject> CallAsync(HttpClient client, string action, JsonObject body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0") };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + action);
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, action + ": " + text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
