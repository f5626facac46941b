using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tests.Execution;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// The executions recorded on AWS (../shared/corpus/localstack/cases) that <c>asl run</c> can replay on its own, run
/// through it: those that need no service (<c>needs: ["none"]</c>) as <c>asl run FILE --input @INPUT --type TYPE
/// --history</c>, and those whose LocalStack test ran them with a Step Functions Local mock configuration
/// (<c>mock_config</c>) with <c>--mock CONFIG --test-case NAME</c> as well, the definition saved under the mocked state
/// machine's name; and those whose services only Task states call (Lambda, SNS, SQS, DynamoDB, S3, the AWS SDK, callbacks,
/// .sync jobs, activities) with a mock configuration built from the recorded history (<see cref="RecordedMocks"/>); a
/// distributed Map's ItemReader reads the object its test uploaded (<see cref="RecordedS3Objects"/>) from an
/// <c>--s3</c> folder. Status, exit code, output, error,
/// cause and the sequence of history event types must match the recording, as ExecutionCorpusTests compares them
/// (snapshot placeholders stand for any value of their shape).
/// <see cref="Unreplayable"/> lists the recordings that cannot match, with reasons.
/// </summary>
public sealed class RunCorpusCliTests
{
    /// <summary>The account the recorder writes for every account id; <c>asl run</c> runs in its default account.</summary>
    private const string RecordedAccount = "111111111111";

    private static readonly Dictionary<string, string> Unreplayable = new(StringComparer.Ordinal)
    {
        ["test_base_scenarios__test_parallel_state_lambda"] =
            "the recording's output is the extractor's unresolved reference \"executionSucceededEventDetails.output\", not a value",
        ["test_sfn_api__test_stop_execution__exec_hist_resp"] = "the test stops the execution through the API (StopExecution), which asl run has no way to do",
        ["test_wait__test_timestamp_too_far_in_future_boundary_24855"] =
            "recorded RUNNING (the test read the history mid-Wait), where asl run waits on its virtual clock until the execution ends",
        ["test_base_scenarios__test_max_concurrency_path_negative"] =
            "AWS leaves the execution RUNNING without entering the Map; asl run fails it (see the runtime's corpus skip list)",
        ["test_base_scenarios__test_map_item_reader_base_json_with_items_path_VALID_ITEMS_PATH_FROM_ITEM_READER"] =
            "the S3 object its test uploaded is neither in the recording nor in RecordedS3Objects (see the runtime's corpus skip list)",
        ["test_activities__test_activity_task_on_deleted"] =
            "the test deletes the activity while its task waits (AWS fails it with States.Runtime); asl run has no activity to delete and waits for a worker",
        ["test_base_scenarios__test_map_state_nested_config_distributed_no_max_max_concurrency"] =
            "its Lambda tasks run in Map Run children, whose histories the recording does not hold: no mock configuration can be built from it",
        ["test_base_scenarios__test_map_state_config_distributed_reentrant_lambda"] =
            "its Lambda tasks run in Map Run children, whose histories the recording does not hold: no mock configuration can be built from it",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            var recorded = JsonValue.Parse(File.ReadAllText(path));
            if (!Unreplayable.ContainsKey(id) && (!recorded["mock_config"].IsUndefined || NeedsNothing(recorded) || RecordedMocks(recorded) is not null))
            {
                data.Add(id);
            }
        }

        return data;
    }

    [Fact]
    public void The_recorded_cases_are_found()
    {
        var cases = Cases();
        Assert.True(cases.Count + Unreplayable.Count >= 825, cases.Count + " cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recorded_execution_reproduces(string id)
    {
        var testCase = JsonValue.Parse(File.ReadAllText(Path.Combine(CasesDirectory, id + ".json")));
        var mock = testCase["mock_config"];
        var type = testCase["state_machine_type"].TryGetString(out var t) && t == "EXPRESS" ? "EXPRESS" : "STANDARD";
        var input = CliRunner.TempFile(testCase["input"].ToJsonString());
        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        string[] args;
        if (mock.IsUndefined && RecordedMocks(testCase) is { } recordedMocks)
        {
            mock = recordedMocks;
        }

        if (mock.IsUndefined)
        {
            var definition = Path.Combine(folder, "machine.asl.json");
            File.WriteAllText(definition, testCase["definition"].ToJsonString());
            args = ["run", definition, "--input", "@" + input, "--type", type, "--history"];
        }
        else
        {
            var (machine, machineConfig) = Assert.Single(mock["StateMachines"].GetObject());
            var (testCaseName, _) = Assert.Single(machineConfig["TestCases"].GetObject());
            var definition = Path.Combine(folder, machine + ".asl.json");
            File.WriteAllText(definition, testCase["definition"].ToJsonString());
            var mocks = CliRunner.TempFile(mock.ToJsonString());
            args = ["run", definition, "--input", "@" + input, "--mock", mocks, "--test-case", testCaseName, "--type", type, "--history"];
        }

        if (RecordedS3Objects.ByCase.TryGetValue(id, out var uploaded))
        {
            // The object the test uploaded, in a folder standing in for S3 (asl run --s3).
            var s3 = Path.Combine(folder, "s3");
            var objectPath = Path.Combine(s3, testCase["input"]["Bucket"].GetString(), testCase["input"]["Key"].GetString());
            Directory.CreateDirectory(Path.GetDirectoryName(objectPath)!);
            File.WriteAllText(objectPath, uploaded);
            args = [.. args, "--s3", s3];
        }

        var (exitCode, output, error) = CliRunner.Run(args);
        Assert.True(output.Length > 0, error);
        // The recorder writes every account id as 111111111111: read the CLI's default account as that one.
        var actual = JsonValue.Parse(output.Replace(DefaultAccount, RecordedAccount, StringComparison.Ordinal));
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

    /// <summary>
    /// For an execution whose services are only called by Task states, a mock configuration that answers each Task state's
    /// calls as the recorded history does (the outcome events traced back to the state that entered them, in order), for
    /// the state machine <c>machine</c> and the test case <c>Recorded</c> (a callback's, a .sync job's or an activity's
    /// mocked answer is its outcome, after the submission); undefined (run without mocks) when no task was answered and
    /// none is called out of the history's sight; null when the case needs nothing, has its own mock configuration, or
    /// its history holds an outcome a mock cannot give (a timeout) or a call it does not show.
    /// </summary>
    private static JsonValue? RecordedMocks(JsonValue recorded)
    {
        if (!recorded["needs"].TryGetArray(out var needs) || NeedsNothing(recorded) || !recorded["mock_config"].IsUndefined ||
            !recorded["expected"]["history"].TryGetArray(out var history))
        {
            return null;
        }

        var byId = new Dictionary<long, JsonValue>();
        foreach (var e in history.AsSpan())
        {
            if (e["id"].TryGetInt64(out var id))
            {
                byId[id] = e;
            }
        }

        var responses = new Dictionary<string, List<JsonValue>>(StringComparer.Ordinal);
        var normalisedTasks = history.AsSpan().ToArray()
            .Where(x => x["type"].GetString() == "TaskStateEntered" && !x["id"].TryGetInt64(out _))
            .Select(x => x["stateEnteredEventDetails"]["name"].GetString())
            .Distinct(StringComparer.Ordinal)
            .Count();
        JsonValue lastEntered = default;
        foreach (var e in history.AsSpan())
        {
            var type = e["type"].GetString();
            if (type == "TaskStateEntered")
            {
                lastEntered = e;
            }

            if (type is "LambdaFunctionTimedOut" or "TaskTimedOut" or "ActivityTimedOut")
            {
                return null;
            }

            if (type is not ("LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "TaskSucceeded" or "TaskFailed" or "ActivitySucceeded" or "ActivityFailed"))
            {
                continue;
            }

            var entered = e;
            while (entered["type"].GetString() != "TaskStateEntered")
            {
                if (!entered["previousEventId"].TryGetInt64(out var previous) || !byId.TryGetValue(previous, out entered))
                {
                    // The recorder normalised a Parallel's events (ids "[0]", grouped by type): when its branches hold one
                    // Task state, the Task state entered last is the one. With several, nothing tells them apart.
                    if (e["id"].TryGetInt64(out _) || lastEntered.IsUndefined || normalisedTasks > 1)
                    {
                        return null;
                    }

                    entered = lastEntered;
                    break;
                }
            }

            JsonValue response;
            if (type.EndsWith("Failed", StringComparison.Ordinal))
            {
                var (error, cause) = RecordedTaskOutcomes.FailureOf(e);
                var members = new List<KeyValuePair<string, JsonValue>>();
                if (error is not null)
                {
                    members.Add(new KeyValuePair<string, JsonValue>("Error", error));
                }

                if (cause is not null)
                {
                    members.Add(new KeyValuePair<string, JsonValue>("Cause", cause));
                }

                response = Member("Throw", JsonValue.CreateObject([.. members]));
            }
            else
            {
                // A Lambda function ARN's Return is Lambda Invoke's response, whose Payload is the function's output.
                var output = RecordedTaskOutcomes.Decode(RecordedTaskOutcomes.Details(e)["output"]);
                response = Member("Return", type == "LambdaFunctionSucceeded" ? JsonValue.CreateObject(new("StatusCode", 200), new("Payload", output)) : output);
            }

            var state = entered["stateEnteredEventDetails"]["name"].GetString();
            if (!responses.TryGetValue(state, out var list))
            {
                responses[state] = list = [];
            }

            list.Add(response);
        }

        if (responses.Count == 0)
        {
            // No task answered (each failed before its call): the execution runs without mocks (Unreplayable lists the
            // recordings whose services were called where the history does not show it).
            return JsonValue.Undefined;
        }

        var testCase = new List<KeyValuePair<string, JsonValue>>();
        var mocked = new List<KeyValuePair<string, JsonValue>>();
        foreach (var (state, list) in responses)
        {
            var name = "Response" + testCase.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            testCase.Add(new(state, name));
            mocked.Add(new(name, JsonValue.CreateObject([.. list.Select((r, i) => new KeyValuePair<string, JsonValue>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r))])));
        }

        return JsonValue.CreateObject(
            new("StateMachines", Member("machine", Member("TestCases", Member("Recorded", JsonValue.CreateObject([.. testCase]))))),
            new("MockedResponses", JsonValue.CreateObject([.. mocked])));
    }

    private static JsonValue Member(string name, JsonValue value) => JsonValue.CreateObject([new(name, value)]);

    private static string DefaultAccount => new AslCompiler.Runtime.Api.StepFunctionsOptions().AccountId;

    private static bool NeedsNothing(JsonValue recorded) =>
        recorded["needs"].TryGetArray(out var needs) && needs.Count == 1 && needs[0].TryGetString(out var need) && need == "none";

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "cases"));
}
