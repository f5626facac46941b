using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A <c>States.Runtime</c> cause names the event id its state entered at ("entered at the event id #N"). With history off
/// (Express executions through the API, throughput code) no event is kept, but the id is still the one the history would
/// give: compiled (synchronous and asynchronous runners) and interpreted, history on against off, after each kind of
/// state that records events of its own or holds other states (Task attempts and retries, caught errors, inline Map
/// iterations, Parallel branches, a failing branch's abort), and beside a Wait or Task that has not exited.
/// </summary>
public sealed class UnrecordedEventIdTests
{
    public static TheoryData<string, string, string> Definitions => new()
    {
        {
            "PassChain",
            """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"C"}],"Default":"C"},"C":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"x":1}"""
        },
        {
            "InlineMapThenFailure",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.r","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"},"Q":{"Type":"Succeed"}}},"Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"items":[1,2,3]}"""
        },
        {
            "EmptyMapThenFailure",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.r","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"items":[]}"""
        },
        {
            "FailureInsideAnIteration",
            """{"StartAt":"Start","States":{"Start":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"},"Q":{"Type":"Pass","InputPath":"$.v","End":true}}},"End":true}}}""",
            """{"items":[{"v":1},{"v":2},{"w":3}]}"""
        },
        {
            "FailingFailState",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":null,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"F"},"F":{"Type":"Fail","ErrorPath":"$.nope"}}}""",
            """{"items":[1,2]}"""
        },
        {
            "TaskRetriedThenFailure",
            """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"BackoffRate":1,"MaxAttempts":3}],"ResultPath":"$.t","Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"attempts":2}"""
        },
        {
            "TaskCaughtThenFailure",
            """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"attempts":5}"""
        },
        {
            "ParallelThenFailure",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","ResultPath":"$.p","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"B2"},"B2":{"Type":"Succeed"}}}],"Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{}"""
        },
        {
            "FailingBranchCaughtThenFailure",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","End":true}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"attempts":5}"""
        },
        {
            "FailingPassBranchCaughtThenFailure",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A2"},"A2":{"Type":"Pass","InputPath":"$.missing","End":true}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{}"""
        },
        {
            "MapInParallelThenFailure",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","ResultPath":"$.p","Branches":[{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}],"Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"items":[1,2]}"""
        },
        {
            "FailingIterationInACaughtBranch",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","InputPath":"$.v","End":true}}},"End":true}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"items":[{"v":1},{"w":2}]}"""
        },
        {
            "FailingItemsInACaughtBranch",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"S","States":{"S":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","ItemsPath":"$.nothing","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"items":[1]}"""
        },
        {
            "FailingFailInACaughtBranch",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"S","States":{"S":{"Type":"Pass","Next":"F"},"F":{"Type":"Fail","Error":"E"}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],"End":true},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{}"""
        },
        {
            "RetriedParallelThenFailure",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","End":true}}}],"Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":3}],"ResultPath":"$.p","Next":"After"},"After":{"Type":"Pass","InputPath":"$.missing","End":true}}}""",
            """{"attempts":2}"""
        },
        // A state beside a Wait or a Task (in another branch, or another iteration of a Map of concurrency 2) enters
        // before that state exits: the compiled class used to count every state's exit but a Map's or Parallel's at its
        // entry, one too many for the failing state beside it (the states property test's seed 102 found it).
        {
            "FailureBesideAWait",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"A"},"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.missing","End":true}}}],"End":true}}}""",
            """{}"""
        },
        {
            "FailureBesideATask",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","Next":"A"},"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.missing","End":true}}}],"End":true}}}""",
            """{}"""
        },
        {
            "AssignThenFailureBesideAWait",
            """{"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{"v":1},"Next":"P"},"P":{"Type":"Parallel","Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.missing","End":true}}}],"End":true}}}""",
            """{}"""
        },
        {
            "FailingIterationBesideAWaitingOne",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.wait","IsPresent":true,"Next":"W"}],"Default":"B"},"W":{"Type":"Wait","Seconds":1,"End":true},"B":{"Type":"Pass","InputPath":"$.missing","End":true}}},"End":true}}}""",
            """{"items":[{"wait":true},{"fail":true}]}"""
        },
        {
            "JsonataFailureAfterWait",
            """{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":0,"Next":"J"},"J":{"Type":"Pass","Output":"{% $nothing %}","End":true}}}""",
            """{}"""
        },
    };

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task A_cause_names_the_same_event_id_with_history_off(string name, string definition, string input)
    {
        var (output, _) = GeneratorHarness.Generate("Flows/" + name + ".asl.json", definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows." + name, name);
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            var expected = await RunAsync(interpreted, input, history: true);
            Assert.Equal(ExecutionStatus.Failed, expected.Status);
            Assert.Contains("(entered at the event id #", expected.Cause, StringComparison.Ordinal);
            var lastEntered = expected.History!.Events.Last(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Id;
            Assert.Contains("(entered at the event id #" + lastEntered.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")", expected.Cause, StringComparison.Ordinal);
            foreach (var (program, label) in new[] { (interpreted, "interpreted"), (compiled, "compiled") })
            {
                foreach (var history in new[] { true, false })
                {
                    var actual = await RunAsync(program, input, history);
                    Assert.True(expected.Cause == actual.Cause, label + ", history " + (history ? "on" : "off") + ": " + actual.Cause + " (expected " + expected.Cause + ")");
                    Assert.Equal(expected.Error, actual.Error);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Runs with a handler for the <c>flaky</c> function that fails with <c>Flaky</c> for the first <c>attempts</c> calls,
    /// and one for the <c>slow</c> function that answers a virtual second later (so a branch beside it runs to its end
    /// while it is started).
    /// </summary>
    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, string input, bool history)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register("arn:aws:lambda:us-east-1:123456789012:function:flaky", invocation =>
        {
            var attempts = invocation.Input["attempts"].TryGetInt32(out var n) ? n : 0;
            return ++calls <= attempts ? throw new TaskFailedException("Flaky", "try again") : new ValueTask<JsonValue>(JsonValue.Parse("""{"ok":true}"""));
        }).Register("arn:aws:lambda:us-east-1:123456789012:function:slow", async invocation =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, invocation.CancellationToken);
            return invocation.Input;
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = handlers, TimeProvider = clock });
        var work = kernel.RunAsync(program, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "StateMachine", Name = "ids", RecordHistory = history }).AsTask();
        return await VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(10));
    }
}
