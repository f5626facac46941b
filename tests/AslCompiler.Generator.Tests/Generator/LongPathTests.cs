using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A path is written out as C# step by step only up to 64 segments: each step's failure names the path up to it, so the
/// code grew as the square of the steps, and a path of 1,500 steps made 10 MB of source and CS8103 (a ResultPath of
/// 2,000, CS8078) in the consumer's build. Longer paths go to the runtime's evaluator: the class compiles, stays small,
/// and runs as the interpreter does, found and not found.
/// </summary>
public class LongPathTests
{
    private static string Steps(string name, int count) => "$" + string.Concat(Enumerable.Repeat("." + name, count));

    [Fact]
    public async Task Paths_of_thousands_of_steps_compile_and_agree_with_the_interpreter()
    {
        var definition = """
            { "StartAt": "Route", "States": {
              "Route": { "Type": "Choice", "Choices": [ { "Variable": "VARIABLE", "IsPresent": true, "Next": "Pick" } ], "Default": "Pick" },
              "Pick": { "Type": "Pass", "InputPath": "INPUTPATH", "Parameters": { "deep.$": "PARAMETER", "short.$": "$.a.a" }, "ResultPath": "RESULTPATH", "OutputPath": "$.r", "End": true } } }
            """
            .Replace("VARIABLE", Steps("a", 1_500), StringComparison.Ordinal)
            .Replace("INPUTPATH", "$", StringComparison.Ordinal)
            .Replace("PARAMETER", Steps("a", 900), StringComparison.Ordinal)
            .Replace("RESULTPATH", "$.r" + Steps("r", 2_000)[1..], StringComparison.Ordinal);
        var (output, source) = GeneratorHarness.Generate("Flows/Long.asl.json", definition);
        Assert.True(source.Length < 200_000, "source of " + source.Length + " characters");
        Assert.Contains("CompiledJsonPath(", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Long", "long");
        try
        {
            // 950 nested "a"s: the 900-step parameter is found, the 1,500-step variable is not; 10 are too few for either.
            foreach (var depth in new[] { 950, 10 })
            {
                var input = "1";
                for (var i = 0; i < depth; i++)
                {
                    input = "{\"a\":" + input + "}";
                }

                await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "long");
                var result = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "StateMachine", Name = "long" });
                // Found, the result set 2,001 levels down nests too deeply; not found, the parameter fails the state.
                Assert.Equal(ExecutionStatus.Failed, result.Status);
                Assert.Equal(depth == 950 ? "States.DataLimitExceeded" : "States.Runtime", result.Error);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
