namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// <c>$states</c> read whole (not <c>$states.input</c>) carries the context object: the compiled state builds the
/// context as the interpreter does, so the value it hands on is the same (it used to hand an empty <c>context</c>).
/// </summary>
public class JsonataWholeStatesTests
{
    private const string Definition = """
        {
          "QueryLanguage": "JSONata",
          "StartAt": "Whole",
          "States": {
            "Whole": { "Type": "Pass", "Output": { "all": "{% $states %}", "keys": "{% $keys($states) %}" }, "Next": "Bracket" },
            "Bracket": { "Type": "Pass", "Output": "{% $lookup($states, 'con' & 'text').Execution.Name %}", "Next": "Check" },
            "Check": {
              "Type": "Choice",
              "Choices": [{ "Condition": "{% $type($states) = 'object' and $states.input = 'whole' %}", "Next": "Fail" }],
              "Default": "Done"
            },
            "Done": { "Type": "Succeed" },
            "Fail": { "Type": "Fail", "Error": "Whole", "Cause": "{% $string($states) %}" }
          }
        }
        """;

    [Fact]
    public async Task States_read_whole_carries_the_context_object_as_interpreted()
    {
        var (output, _) = GeneratorHarness.Generate("Flows/WholeStates.asl.json", Definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.WholeStates", "whole-states");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, """{"a": 1}""", GeneratorHarness.FixedClockKernel, "whole");
            var result = await GeneratorHarness.FixedClockKernel().RunAsync(
                compiled, AslCompiler.Runtime.Json.JsonValue.Parse("""{"a": 1}"""), new AslCompiler.Runtime.Execution.ExecutionRequest { StateMachineName = "StateMachine", Name = "whole" });
            // The Bracket state's output (the execution's name, read through $lookup($states, ...)) ends in the Fail's cause.
            Assert.True(result.Error == "Whole", result.Cause);
            Assert.Contains("\"input\":\"whole\"", result.Cause, StringComparison.Ordinal);
            Assert.Contains("\"context\":{\"Execution\":", result.Cause, StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("{% $states %}", true)]
    [InlineData("{% $keys($states) %}", true)]
    [InlineData("{% $states[0] %}", true)]
    [InlineData("{% $states.context.Execution.Id %}", true)]
    [InlineData("{% $states.input.a %}", false)]
    [InlineData("{% $statesX %}", false)]
    public void The_context_is_read_where_the_interpreter_reads_it(string expression, bool reads) =>
        Assert.Equal(reads, ProgramEmitter.ReadsJsonataContext("{\"Output\":\"" + expression + "\"}"));
}
