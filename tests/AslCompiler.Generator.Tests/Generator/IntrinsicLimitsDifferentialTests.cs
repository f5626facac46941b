namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Generated code runs intrinsic functions through the runtime (<c>IntrinsicFunction</c>, whose <c>States.Format</c> of
/// strings is answered without it): a text too long to build fails with the interpreter's IntrinsicFailure, counted
/// before anything is built, on both.
/// </summary>
public class IntrinsicLimitsDifferentialTests
{
    private static string Definition()
    {
        var copies = string.Join(",", Enumerable.Repeat("$", 100));
        var strings = string.Join(",", Enumerable.Repeat("$.a", 100));
        var placeholders = string.Concat(Enumerable.Repeat("{}", 100));
        return $$"""
            {
              "StartAt": "Route",
              "States": {
                "Route": {
                  "Type": "Choice",
                  "Choices": [
                    { "Variable": "$.mode", "StringEquals": "json", "Next": "Json" },
                    { "Variable": "$.mode", "StringEquals": "format", "Next": "Format" }
                  ],
                  "Default": "Small"
                },
                "Json": { "Type": "Pass", "Parameters": { "x.$": "States.JsonToString(States.Array({{copies}}))" }, "End": true },
                "Format": { "Type": "Pass", "Parameters": { "x.$": "States.Format('{{placeholders}}', {{strings}})" }, "End": true },
                "Small": { "Type": "Pass", "Parameters": { "x.$": "States.Format('{} and {}', $.a, States.JsonToString($))" }, "End": true }
              }
            }
            """;
    }

    [Theory]
    // 100 copies of a 200 KB input: 20 million characters, twice the limit.
    [InlineData("json", "failed: the result would be a string of 20002301 characters; the limit is 10000000.")]
    [InlineData("format", "failed: the result would be a string of 20000000 characters; the limit is 10000000.")]
    [InlineData("small", null)]
    public async Task Compiled_intrinsics_meet_the_interpreters_string_limit(string mode, string? cause)
    {
        var definition = Definition();
        var (output, source) = GeneratorHarness.Generate("Flows/IntrinsicLimits.asl.json", definition);
        Assert.Contains("IntrinsicFunction(\"States.Format('{}{}", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.IntrinsicLimits", "intrinsiclimits");
        try
        {
            var input = "{\"mode\":\"" + mode + "\",\"a\":\"" + new string('x', mode == "small" ? 10 : 200_000) + "\"}";
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "intrinsiclimits");
            var result = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, AslCompiler.Runtime.Json.JsonValue.Parse(input), new AslCompiler.Runtime.Execution.ExecutionRequest { Name = "intrinsiclimits" });
            if (cause is null)
            {
                Assert.Null(result.Error);
            }
            else
            {
                Assert.Equal("States.IntrinsicFailure", result.Error);
                Assert.EndsWith(cause, result.Cause, StringComparison.Ordinal);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
