using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A failure's cause names the failed state's entered event id, which history off is counted, not recorded. In a
/// Parallel branch or a Map iteration, a state beside a Wait or a Task enters before that state exits, so its id must
/// not count that exit yet. The compiled class used to count the exit of every state but a Map or Parallel at its entry:
/// one too many for the failing state beside it (a generated definition of the states property test's seed 102 found
/// it). Compiled and interpreted, history off and on, must name the same id.
/// </summary>
public class ConcurrentEventIdTests
{
    private const string Failing = """{ "Type": "Pass", "Parameters": { "a.$": "States.JsonToString($.missing)" }, "End": true }""";

    [Theory]
    [InlineData("wait", """
        { "StartAt": "Both", "States": { "Both": { "Type": "Parallel", "Branches": [
          { "StartAt": "Pause", "States": { "Pause": { "Type": "Wait", "Seconds": 1, "Next": "After" }, "After": { "Type": "Pass", "End": true } } },
          { "StartAt": "Broken", "States": { "Broken": FAILING } } ], "End": true } } }
        """)]
    [InlineData("task", """
        { "StartAt": "Both", "States": { "Both": { "Type": "Parallel", "Branches": [
          { "StartAt": "Call", "States": { "Call": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow", "Next": "After" }, "After": { "Type": "Pass", "End": true } } },
          { "StartAt": "Broken", "States": { "Broken": FAILING } } ], "End": true } } }
        """)]
    [InlineData("assign-first", """
        { "StartAt": "Set", "States": {
          "Set": { "Type": "Pass", "Assign": { "v": 1 }, "Next": "Both" },
          "Both": { "Type": "Parallel", "Branches": [
            { "StartAt": "Pause", "States": { "Pause": { "Type": "Wait", "Seconds": 1, "End": true } } },
            { "StartAt": "Broken", "States": { "Broken": FAILING } } ], "End": true } } }
        """)]
    [InlineData("map", """
        { "StartAt": "Each", "States": { "Each": { "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
          "ItemProcessor": { "StartAt": "Which", "States": {
            "Which": { "Type": "Choice", "Choices": [ { "Variable": "$.wait", "IsPresent": true, "Next": "Pause" } ], "Default": "Broken" },
            "Pause": { "Type": "Wait", "Seconds": 1, "End": true },
            "Broken": FAILING } }, "End": true } } }
        """)]
    public async Task A_state_beside_a_waiting_one_names_the_same_entered_event_id(string name, string template)
    {
        var definition = template.Replace("FAILING", Failing, StringComparison.Ordinal);
        var (output, _) = GeneratorHarness.Generate("Flows/Beside.asl.json", definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Beside", "beside-" + name);
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            var expected = await RunAsync(interpreted, history: true);
            Assert.Equal(ExecutionStatus.Failed, expected.Status);
            Assert.Contains("'Broken' (entered at the event id #", expected.Cause, StringComparison.Ordinal);
            foreach (var (program, history) in new[] { (interpreted, false), (compiled, true), (compiled, false) })
            {
                var actual = await RunAsync(program, history);
                Assert.Equal(expected.Error, actual.Error);
                Assert.Equal(expected.Cause, actual.Cause);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, bool history)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        // The task answers after yielding, so the branch beside it runs while it is started and not done.
        var handlers = new TaskHandlerRegistry().Register("*", async invocation =>
        {
            await Task.Yield();
            return invocation.Input;
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers });
        var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = "beside", RecordHistory = history };
        var input = JsonValue.Parse("""{ "items": [ { "wait": true }, { "fail": true } ] }""");
        return await VirtualClock.RunAsync(clock, kernel.RunAsync(program, input, request).AsTask(), TimeSpan.FromSeconds(5));
    }
}
