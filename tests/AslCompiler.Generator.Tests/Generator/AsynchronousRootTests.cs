using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A definition with states that wait (Task, Wait, Parallel, a Map with Retry) gets an asynchronous root runner: its
/// Pass, Choice and Succeed states written out in place, the others through the kernel's step; its Parallel branches and
/// inline Map processors get runners of their own. The kernel runs it when
/// history is off (and the states otherwise), and it ends as the interpreter does: outputs, caught and uncaught task
/// errors, retries, a time limit that falls during a slow task.
/// </summary>
public class AsynchronousRootTests
{
    private const string Definition = """
        {
          "StartAt": "Init",
          "States": {
            "Init": { "Type": "Pass", "Parameters": { "n.$": "$.n", "mode.$": "$.mode", "i": 0 }, "Next": "Work" },
            "Work": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": { "FunctionName": "work", "Payload.$": "$" }, "ResultSelector": { "r.$": "$.Payload" }, "ResultPath": "$.work",
              "Retry": [ { "ErrorEquals": ["Flaky"], "MaxAttempts": 2, "IntervalSeconds": 1 } ],
              "Catch": [ { "ErrorEquals": ["Boom"], "ResultPath": "$.caught", "Next": "Caught" } ],
              "Next": "Loop"
            },
            "Loop": { "Type": "Choice", "Choices": [ { "Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step" } ], "Default": "Pause" },
            "Step": { "Type": "Pass", "Parameters": { "n.$": "$.n", "mode.$": "$.mode", "work.$": "$.work", "i.$": "States.MathAdd($.i, 1)" }, "Next": "Loop" },
            "Pause": { "Type": "Wait", "Seconds": 0, "Next": "Both" },
            "Both": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "A", "States": { "A": { "Type": "Pass", "Result": "a", "End": true } } },
                { "StartAt": "B", "States": { "B": { "Type": "Pass", "InputPath": "$.work", "End": true } } }
              ],
              "ResultPath": "$.both",
              "Next": "Each"
            },
            "Each": {
              "Type": "Map", "ItemsPath": "$.both", "ResultPath": "$.each",
              "ItemProcessor": {
                "StartAt": "Call",
                "States": {
                  "Call": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "each", "Payload": { "mode": "ok", "n": 1 } }, "Next": "Keep" },
                  "Keep": { "Type": "Pass", "InputPath": "$.Payload", "End": true }
                }
              },
              "Next": "Done"
            },
            "Caught": { "Type": "Pass", "Parameters": { "caught.$": "$.caught.Error" }, "Next": "Done" },
            "Done": { "Type": "Succeed" }
          }
        }
        """;

    [Theory]
    [InlineData("""{"n":3,"mode":"ok"}""")]
    [InlineData("""{"n":0,"mode":"ok"}""")]
    [InlineData("""{"n":2,"mode":"flaky"}""")]
    [InlineData("""{"n":2,"mode":"boom"}""")]
    [InlineData("""{"n":2,"mode":"fatal"}""")]
    [InlineData("""{"n":2,"mode":"slow"}""")]
    [InlineData("""{"n":"x","mode":"ok"}""")]
    public async Task The_asynchronous_root_and_the_interpreter_agree(string input)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/Waits.asl.json", Definition)]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains("await frame.RunStateAsync(", sources["Flows.Waits.asl.g.cs"], StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Waits", "waits");
        try
        {
            Assert.Null(compiled.SynchronousRoot);
            Assert.NotNull(compiled.AsynchronousRoot);

            // The Parallel state's branches have runners of their own, which the kernel runs for them with history off.
            var parallel = Assert.Single(compiled.Root.States.OfType<ParallelProgram>());
            Assert.All(parallel.Branches, branch => Assert.NotNull(branch.Runner));
            Assert.NotNull(Assert.Single(compiled.Root.States.OfType<MapProgram>()).Processor.Runner);
            Assert.Null(compiled.Root.Runner);
            // The slow task outlasts a 1 s execution limit; every other run has a minute (a loaded machine only delays).
            var limit = input.Contains("slow", StringComparison.Ordinal) ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
            ExecutionKernel Kernel() => AsynchronousRootTests.Kernel(limit);
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, input, Kernel, "waits");

            // The kernel runs the asynchronous root with history off, and the states with history on.
            var calls = 0;
            var root = compiled.AsynchronousRoot!;
            var counted = new StateMachineProgram(compiled.Root, compiled.TimeoutSeconds, compiled.QueryLanguage, compiled.DefinitionText)
            {
                AsynchronousRoot = (i, f, c) =>
                {
                    calls++;
                    return root(i, f, c);
                },
            };
            var quiet = await Kernel().RunAsync(counted, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "StateMachine", Name = "q", RecordHistory = false });
            Assert.Equal(1, calls);
            var recorded = await Kernel().RunAsync(counted, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "StateMachine", Name = "q", RecordHistory = true });
            Assert.Equal(1, calls);
            Assert.Equal(recorded.Status, quiet.Status);
        }
        finally
        {
            context.Unload();
        }
    }

    private static int _flaky;

    private static ExecutionKernel Kernel(TimeSpan limit)
    {
        var handlers = new TaskHandlerRegistry().Register("*", async invocation =>
        {
            var mode = invocation.Input["Payload"]["mode"].GetString();
            switch (mode)
            {
                case "flaky" when Interlocked.Increment(ref _flaky) % 2 == 1:
                    throw new TaskFailedException("Flaky", "try again");
                case "boom":
                    throw new TaskFailedException("Boom", "caught");
                case "fatal":
                    throw new TaskFailedException("Fatal", "not caught");
                case "slow":
                    // Past the 1 s limit: the execution times out during or right after the task.
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                    break;
            }

            return JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Payload", invocation.Input["Payload"]["n"]));
        });
        return new ExecutionKernel(new ExecutionOptions { TaskHandlers = handlers, MaxStandardDuration = limit });
    }
}
