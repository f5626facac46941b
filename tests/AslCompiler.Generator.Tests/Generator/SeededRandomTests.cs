using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// JSONata's <c>$random()</c>, <c>$shuffle</c> and <c>$uuid()</c> compiled to C# draw from the execution's random
/// source (<see cref="ExecutionOptions.Random"/>) as the interpreter does: with one seed, a compiled run and an
/// interpreted run of the same definition give the same output, in the execution, its Parallel branches and its Map
/// iterations.
/// </summary>
public class SeededRandomTests
{
    private static ExecutionKernel SeededKernel(int seed) => new(new ExecutionOptions
    {
        TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        Random = new Random(seed),
    });

    [Fact]
    public async Task Compiled_and_interpreted_runs_with_one_seed_give_the_same_output()
    {
        var (output, source) = GeneratorHarness.Generate("Flows/SeededRandom.asl.json", SeededRandomDefinition.Json);

        // The expressions run as generated C# (which looks each function up and calls it), not through the evaluator.
        Assert.Contains(".Variable(\"random\")", source, StringComparison.Ordinal);
        Assert.Contains(".Variable(\"shuffle\")", source, StringComparison.Ordinal);
        Assert.Contains(".Variable(\"uuid\")", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.SeededRandom", "seeded-random");
        try
        {
            // History off and on, a new kernel seeded alike for each run.
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, SeededRandomDefinition.Json, "{}", () => SeededKernel(42), "seeded");

            var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = "seeded" };
            var first = await SeededKernel(42).RunAsync(compiled, JsonValue.EmptyObject, request);
            var again = await SeededKernel(42).RunAsync(compiled, JsonValue.EmptyObject, request);
            var other = await SeededKernel(43).RunAsync(compiled, JsonValue.EmptyObject, request);
            Assert.True(first.Status == ExecutionStatus.Succeeded, first.Error + ": " + first.Cause);
            Assert.Equal(first.Output.ToJsonString(), again.Output.ToJsonString());
            Assert.NotEqual(first.Output.ToJsonString(), other.Output.ToJsonString());
            Assert.NotEqual(first.Output["before"]["draw"]["uuid"], other.Output["before"]["draw"]["uuid"]);
            Assert.NotEqual(first.Output["items"], other.Output["items"]);
        }
        finally
        {
            context.Unload();
        }
    }
}
