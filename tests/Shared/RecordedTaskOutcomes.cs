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
    /// descriptions, when given: an <c>identity</c> function returns its event.
    /// </summary>
    public static TaskHandler Handler(JsonValue history, JsonValue lambdas = default)
    {
        var outcomes = new Queue<JsonValue>();
        if (history.TryGetArray(out var events))
        {
            foreach (var e in events.AsSpan())
            {
                var type = e["type"].TryGetString(out var s) ? s : string.Empty;
                if (type is "LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "LambdaFunctionTimedOut" or "TaskSucceeded" or "TaskFailed" or "TaskTimedOut")
                {
                    outcomes.Enqueue(e);
                }
            }
        }

        return async invocation =>
        {
            JsonValue e;
            lock (outcomes)
            {
                if (!outcomes.TryDequeue(out e))
                {
                    if (Described(lambdas, invocation) is { } described)
                    {
                        return described;
                    }

                    throw new TaskFailedException("Corpus.NoRecordedOutcome", "The recorded history has no more task outcomes.");
                }
            }

            var type = e["type"].GetString();
            if (type.EndsWith("TimedOut", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            }

            var details = e.GetObject().First(m => m.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value;
            if (type.EndsWith("Failed", StringComparison.Ordinal))
            {
                var recordedCause = details["cause"];
                throw new TaskFailedException(
                    details["error"].TryGetString(out var error) ? error : string.Empty,
                    recordedCause.IsUndefined ? null : recordedCause.TryGetString(out var cause) ? cause : recordedCause.ToJsonString());
            }

            return Decode(details["output"]);
        };
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
