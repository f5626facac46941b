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
}
