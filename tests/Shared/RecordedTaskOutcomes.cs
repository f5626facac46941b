using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// Replays the task outcomes a recorded AWS execution history holds (shared by the runtime's corpus test and the
/// generator's differential test, linked into both test projects).
/// </summary>
internal static class RecordedTaskOutcomes
{
    /// <summary>A recorded value: JSON text when it parses, else the value as recorded.</summary>
    public static JsonValue Decode(JsonValue value) =>
        value.TryGetString(out var text) && JsonValue.TryParse(text, out var parsed, out _) ? parsed : value;

    /// <summary>
    /// A handler that replays the task outcomes recorded in the history, in order. Calls the history does not hold
    /// (a distributed Map's children record theirs in their own histories) fall back to the case's <c>lambda</c>
    /// descriptions, when given: an <c>identity</c> function returns its event. With <paramref name="callbacks"/> (the
    /// kernel the handler runs on), a <c>.waitForTaskToken</c> task that recorded a TaskSubmitted answers with the
    /// recorded submission, and its recorded outcome is the token's callback (SendTaskSuccess or SendTaskFailure, sent
    /// at once; none for a timeout, which the task's own timer ends). A <c>.sync</c> task reports its recorded
    /// submission, then ends with its recorded outcome.
    /// </summary>
    public static TaskHandler Handler(JsonValue history, JsonValue lambdas = default, Func<ExecutionKernel>? callbacks = null)
    {
        var outcomes = new Queue<(JsonValue Submitted, JsonValue Outcome)>();
        if (history.TryGetArray(out var events))
        {
            JsonValue submitted = default;
            foreach (var e in events.AsSpan())
            {
                var type = e["type"].TryGetString(out var s) ? s : string.Empty;
                if (type == "TaskSubmitted")
                {
                    submitted = e["taskSubmittedEventDetails"]["output"] is { IsUndefined: false } output ? output : JsonValue.EmptyObject;
                }
                else if (type is "LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "LambdaFunctionTimedOut" or "TaskSucceeded" or "TaskFailed" or "TaskTimedOut")
                {
                    outcomes.Enqueue((submitted, e));
                    submitted = default;
                }
            }
        }

        return async invocation =>
        {
            JsonValue e;
            JsonValue submission;
            lock (outcomes)
            {
                if (!outcomes.TryDequeue(out var next))
                {
                    if (Described(lambdas, invocation) is { } described)
                    {
                        return described;
                    }

                    throw new TaskFailedException("Corpus.NoRecordedOutcome", "The recorded history has no more task outcomes.");
                }

                (submission, e) = next;
            }

            if (callbacks is not null && !submission.IsUndefined && invocation.TaskToken is { } token &&
                invocation.Resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal))
            {
                var kernel = callbacks();
                var outcomeType = e["type"].GetString();
                if (outcomeType.EndsWith("Failed", StringComparison.Ordinal))
                {
                    var (error, cause) = FailureOf(e);
                    kernel.SendTaskFailure(token, error, cause);
                }
                else if (outcomeType.EndsWith("Succeeded", StringComparison.Ordinal))
                {
                    kernel.SendTaskSuccess(token, Decode(Details(e)["output"]));
                }

                return Decode(submission);
            }

            if (!submission.IsUndefined && (invocation.Resource.EndsWith(".sync", StringComparison.Ordinal) || invocation.Resource.EndsWith(".sync:2", StringComparison.Ordinal)))
            {
                // A .sync job (a child execution, say, which the recording does not hold): its recorded submission.
                invocation.ReportSubmitted(Decode(submission));
            }

            var type = e["type"].GetString();
            if (type.EndsWith("TimedOut", StringComparison.Ordinal))
            {
                invocation.ReleaseClock();
                await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            }

            var details = Details(e);
            if (type.EndsWith("Failed", StringComparison.Ordinal))
            {
                var (error, cause) = FailureOf(e);
                throw new TaskFailedException(error ?? string.Empty, cause);
            }

            return Decode(details["output"]);
        };
    }

    /// <summary>The <c>*EventDetails</c> member of a recorded history event.</summary>
    public static JsonValue Details(JsonValue historyEvent) =>
        historyEvent.GetObject().First(m => m.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value;

    /// <summary>
    /// The error and cause of a recorded failure event (TaskFailed, LambdaFunctionFailed, ActivityFailed), null when it has
    /// none. The recorder decoded JSON causes: a Lambda function's comes back as Python wrote it (<see cref="PythonJson"/>),
    /// any other as compact JSON.
    /// </summary>
    public static (string? Error, string? Cause) FailureOf(JsonValue failureEvent)
    {
        var details = Details(failureEvent);
        var cause = details["cause"];
        return (
            details["error"].TryGetString(out var error) ? error : null,
            cause.IsUndefined ? null
            : cause.TryGetString(out var text) ? text
            : failureEvent["type"].GetString() == "LambdaFunctionFailed" ? PythonJson(cause)
            : cause.ToJsonString());
    }

    /// <summary>
    /// The text Python's <c>json.dumps</c> writes for a value (", " and ": " separators, non-ASCII escaped). The recorder
    /// decoded JSON causes; a Lambda function resource (LambdaFunctionFailed) passes the function's error payload, which
    /// the Python Lambda runtime wrote this way, through as the cause text, whereas the lambda:invoke integration
    /// (TaskFailed) re-serialises it compactly.
    /// </summary>
    public static string PythonJson(JsonValue value)
    {
        var text = new System.Text.StringBuilder();
        Write(value);
        return text.ToString();

        void Write(JsonValue v)
        {
            switch (v.Kind)
            {
                case JsonKind.Object:
                    text.Append('{');
                    var first = true;
                    foreach (var (name, member) in v.GetObject())
                    {
                        text.Append(first ? string.Empty : ", ");
                        first = false;
                        Quote(name);
                        text.Append(": ");
                        Write(member);
                    }

                    text.Append('}');
                    break;
                case JsonKind.Array:
                    text.Append('[');
                    for (var i = 0; i < v.GetArray().Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ", ");
                        Write(v.GetArray()[i]);
                    }

                    text.Append(']');
                    break;
                case JsonKind.String:
                    Quote(v.GetString());
                    break;
                default:
                    text.Append(v.ToJsonString());
                    break;
            }
        }

        void Quote(string s)
        {
            text.Append('"');
            foreach (var c in s)
            {
                _ = c switch
                {
                    '"' => text.Append("\\\""),
                    '\\' => text.Append("\\\\"),
                    '\n' => text.Append("\\n"),
                    '\r' => text.Append("\\r"),
                    '\t' => text.Append("\\t"),
                    '\b' => text.Append("\\b"),
                    '\f' => text.Append("\\f"),
                    < ' ' or > '~' => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                    _ => text.Append(c),
                };
            }

            text.Append('"');
        }
    }

    /// <summary>What a described identity Lambda returns for this call (Lambda ARN: the event; lambda:invoke: Lambda's response shape), or undefined.</summary>
    private static JsonValue? Described(JsonValue lambdas, TaskInvocation invocation)
    {
        if (!lambdas.TryGetObject(out var functions))
        {
            return null;
        }

        var invoke = invocation.Resource.StartsWith("arn:aws:states:::lambda:invoke", StringComparison.Ordinal);
        var function = invoke && invocation.Input["FunctionName"].TryGetString(out var name) ? name : invocation.Resource;
        foreach (var (arn, description) in functions)
        {
            var matches = arn == function || (description["function_name"].TryGetString(out var functionName) && functionName == function);
            if (!matches || !description["kind"].TryGetString(out var kind) || kind != "identity")
            {
                continue;
            }

            if (!invoke)
            {
                return invocation.Input;
            }

            var payload = invocation.Input["Payload"];
            return JsonValue.CreateObject(
                new("ExecutedVersion", "$LATEST"),
                new("Payload", payload.IsUndefined ? JsonValue.EmptyObject : payload),
                new("StatusCode", 200));
        }

        return null;
    }

    /// <summary>
    /// For an execution whose services are only called by Task states, a mock configuration that answers each Task state's
    /// calls as the recorded history does (the outcome events traced back to the state that entered them, in order), for
    /// the state machine <c>machine</c> and the test case <c>Recorded</c> (a callback's, a .sync job's or an activity's
    /// mocked answer is its outcome, after the submission); undefined (run without mocks) when no task was answered and
    /// none is called out of the history's sight; null when the case needs nothing, has its own mock configuration, or
    /// its history holds an outcome a mock cannot give (a timeout) or a call it does not show.
    /// </summary>
    public static JsonValue? MockConfiguration(JsonValue recorded)
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
                var (error, cause) = FailureOf(e);
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
                var output = Decode(Details(e)["output"]);
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


    /// <summary>
    /// The recorded executions that no replay of the definition alone can match, a mock configuration standing for the
    /// services (the CLI's and the server's replays), with the reason.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NotReplayable { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_base_scenarios__test_parallel_state_lambda"] =
            "the recording's output is the extractor's unresolved reference \"executionSucceededEventDetails.output\", not a value",
        ["test_sfn_api__test_stop_execution__exec_hist_resp"] = "the test stops the execution through the API (StopExecution), which a replay of the definition does not do",
        ["test_base_scenarios__test_max_concurrency_path_negative"] =
            "AWS leaves the execution RUNNING without entering the Map; we fail it (see the runtime's corpus skip list)",
        ["test_base_scenarios__test_map_item_reader_base_json_with_items_path_VALID_ITEMS_PATH_FROM_ITEM_READER"] =
            "the S3 object its test uploaded is neither in the recording nor in RecordedS3Objects (see the runtime's corpus skip list)",
        ["test_activities__test_activity_task_on_deleted"] =
            "the recorded cause names the activity 'activity_arn' (the recorder's stand-in for its ARN); LocalStepFunctions fails the state as recorded, naming the real ARN (ActivityActionTests)",
        ["test_base_scenarios__test_map_state_nested_config_distributed_no_max_max_concurrency"] =
            "its Lambda tasks run in Map Run children, whose histories the recording does not hold: no mock configuration can be built from it",
        ["test_base_scenarios__test_map_state_config_distributed_reentrant_lambda"] =
            "its Lambda tasks run in Map Run children, whose histories the recording does not hold: no mock configuration can be built from it",
    };

    /// <summary>Whether the recorded execution needs no service (<c>needs: ["none"]</c>).</summary>
    public static bool NeedsNothing(JsonValue recorded) =>
        recorded["needs"].TryGetArray(out var needs) && needs.Count == 1 && needs[0].TryGetString(out var need) && need == "none";

    private static JsonValue Member(string name, JsonValue value) => JsonValue.CreateObject([new(name, value)]);
}
