using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using AslCompiler.Tests.Shared;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A store that "crashes" after a number of journal commits: from then on nothing more reaches the inner store (commits,
/// execution updates, snapshots, Map Run records are dropped), as if the process had died right after that commit. A new instance over
/// the inner store then recovers what was durable.
/// </summary>
internal sealed class CrashingStore(IStepFunctionsStore inner, int commitsBeforeCrash) : CrashableStore(inner)
{
    private int _commitsLeft = commitsBeforeCrash;

    public override bool Crashed => Volatile.Read(ref _commitsLeft) <= 0;

    protected override bool Survives(string executionArn, IReadOnlyList<JournalRecord> staged)
    {
        if (_commitsLeft <= 0)
        {
            return false; // lost: the process is "dead"
        }

        _commitsLeft--;
        return true;
    }
}

/// <summary>One workflow with every kind of durable input — Task, Wait, retry with jitter, Parallel, Map, a callback — and the harness that runs it across restarts.</summary>
internal sealed class DurableWorkflow
{
    public const string Fn = "arn:aws:lambda:us-east-1:111111111111:function:";

    public const string Definition = """
        {"StartAt":"Prepare","States":{
          "Prepare":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"prepare","id.$":"States.UUID()"},"ResultPath":"$.prepared","Next":"Pause"},
          "Pause":{"Type":"Wait","Seconds":60,"Next":"Flaky"},
          "Flaky":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":5,"MaxAttempts":3,"BackoffRate":2,"JitterStrategy":"FULL"}],"ResultPath":"$.flaky","Next":"Fan"},
          "Fan":{"Type":"Parallel","ResultPath":"$.fan","Next":"Each","Branches":[
            {"StartAt":"B1","States":{"B1":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"b1"},"End":true}}},
            {"StartAt":"B2Wait","States":{"B2Wait":{"Type":"Wait","Seconds":30,"Next":"B2"},"B2":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"b2"},"End":true}}}]},
          "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ResultPath":"$.each","Next":"Callback",
            "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Item","States":{
              "Item":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"item","value.$":"$"},"End":true}}}},
          "Callback":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"ResultPath":"$.callback","Next":"Done"},
          "Done":{"Type":"Pass","End":true}}}
        """;

    public const string Input = """{"items":[1,2,3,4]}""";

    public VirtualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>Side effects by idempotency key: how many times a handler was called with the key.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Task tokens handed to the callback's queue, by execution ARN.</summary>
    public ConcurrentDictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public TaskHandlerRegistry Handlers()
    {
        var handlers = new TaskHandlerRegistry();
        handlers.Register(Fn + "work", invocation =>
        {
            Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            return new ValueTask<JsonValue>(JsonValue.CreateObject(
                new KeyValuePair<string, JsonValue>("did", invocation.Input["step"]),
                new KeyValuePair<string, JsonValue>("value", invocation.Input["value"])));
        });
        handlers.Register(Fn + "flaky", invocation =>
        {
            Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);

            // Fails on its first two attempts, whichever run makes them: deterministic per key.
            if (!invocation.IdempotencyKey.EndsWith("@2", StringComparison.Ordinal))
            {
                throw new TaskFailedException("Flaky", "attempt " + invocation.IdempotencyKey);
            }

            return new ValueTask<JsonValue>(JsonValue.Parse("""{"ok":true}"""));
        });
        handlers.Register("arn:aws:states:::sqs:sendMessage*", invocation =>
        {
            Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            Tokens[invocation.ExecutionArn] = invocation.TaskToken!;
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m"}"""));
        });
        return handlers;
    }

    /// <summary>An instance on <see cref="Time"/> over <paramref name="store"/>, with <see cref="Handlers"/> unless others are given.</summary>
    public LocalStepFunctions Create(IStepFunctionsStore? store, IReadOnlyList<IExecutionObserver>? observers = null, TaskHandlerRegistry? handlers = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = Time,
        Store = store,
        Observers = observers ?? [],
        Execution = new ExecutionOptions { TaskHandlers = handlers ?? Handlers() },
    });

    /// <summary>
    /// Drives executions to their end on one instance: delivers callbacks, moves the clock to the next timer when
    /// nothing else happens. Returns false when <paramref name="stop"/> says to stop first (a crash).
    /// </summary>
    public async Task<bool> DriveAsync(LocalStepFunctions sfn, IReadOnlyList<string> executions, Func<bool>? stop = null, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (stop?.Invoke() == true)
            {
                return false;
            }

            var running = 0;
            foreach (var arn in executions)
            {
                var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
                if (described.Status != ApiStatus.Running)
                {
                    continue;
                }

                running++;
                if (Tokens.TryGetValue(arn, out var token))
                {
                    try
                    {
                        await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"answer":42}""" });
                    }
                    catch (TaskDoesNotExistException)
                    {
                        // Not waiting (yet) in this instance.
                    }
                }
            }

            if (running == 0)
            {
                return true;
            }

            await Task.Delay(1);
            if (stop?.Invoke() == true)
            {
                return false;
            }

            Time.AdvanceToNextTimer();
        }

        throw new TimeoutException("The executions did not finish.");
    }

    public static async Task<List<ApiHistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string arn)
    {
        var events = new List<ApiHistoryEvent>();
        string? next = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, NextToken = next, MaxResults = 1000 });
            events.AddRange(page.Events);
            next = page.NextToken;
        }
        while (next is not null);
        return events;
    }

    /// <summary>Ids 1..N, each previousEventId an earlier event (or 0).</summary>
    public static void AssertWellFormed(IReadOnlyList<ApiHistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(i + 1, events[i].Id);
            Assert.InRange(events[i].PreviousEventId ?? 0, 0, events[i].Id - 1);
        }
    }

    /// <summary>The event types on the chain from the last event back through previousEventId (the execution's own path).</summary>
    public static List<HistoryEventType> Chain(IReadOnlyList<ApiHistoryEvent> events)
    {
        var chain = new List<HistoryEventType>();
        var at = events.Count;
        while (at > 0)
        {
            var e = events[at - 1];
            chain.Add(e.Type);
            at = (int)(e.PreviousEventId ?? 0);
        }

        chain.Reverse();
        return chain;
    }

    public static List<string> SortedTypes(IReadOnlyList<ApiHistoryEvent> events) =>
        events.Select(e => e.Type.ToString()).Order(StringComparer.Ordinal).ToList();
}
