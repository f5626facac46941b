namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Slices, chained <c>..</c> and regex filters are not written out by the generator: the compiled class hands them to
/// the runtime's evaluator (<c>CompiledJsonPath</c>), so its limits and errors (huge slice bounds, an invalid or
/// over-long regex, the step limit) are the interpreter's, as output paths and as template members.
/// </summary>
public class JsonPathLimitsDifferentialTests
{
    private const string Definition = """
        {
          "StartAt": "Route",
          "States": {
            "Route": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.mode", "StringEquals": "slice", "Next": "Slice" },
                { "Variable": "$.mode", "StringEquals": "regex", "Next": "Regex" },
                { "Variable": "$.mode", "StringEquals": "badregex", "Next": "BadRegex" },
                { "Variable": "$.mode", "StringEquals": "badregexoutput", "Next": "BadRegexOutput" },
                { "Variable": "$.mode", "StringEquals": "present", "Next": "Present" }
              ],
              "Default": "Descent"
            },
            "Slice": { "Type": "Pass", "Parameters": { "s.$": "$.a[*][-2147483648:2147483647:-2147483648]" }, "OutputPath": "$.s", "End": true },
            "Regex": { "Type": "Pass", "Parameters": { "m.$": "$.s[?(@ =~ /h.*/i)]" }, "End": true },
            "BadRegex": { "Type": "Pass", "Parameters": { "m.$": "$.s[?(@ =~ /[/)]" }, "End": true },
            "BadRegexOutput": { "Type": "Pass", "OutputPath": "$.s[?(@ =~ /x)|(.*/)]", "End": true },
            "Descent": { "Type": "Pass", "OutputPath": "$..a..a", "End": true },
            "Present": { "Type": "Choice", "Choices": [
                { "Variable": "$.nope.x", "IsPresent": true, "Next": "Found" },
                { "Variable": "$.s[*]", "IsPresent": false, "Next": "Found" },
                { "Variable": "$.s[?(@ =~ /[/)]", "IsPresent": false, "Next": "Found" } ], "Default": "Missing" },
            "Found": { "Type": "Pass", "Result": "found", "End": true },
            "Missing": { "Type": "Pass", "Result": "missing", "End": true }
          }
        }
        """;

    [Theory]
    [InlineData("""{"mode":"slice","a":[[1,2],[3],[],{"k":1}]}""", null)]
    [InlineData("""{"mode":"regex","s":["hello","Hi","x",4]}""", null)]
    [InlineData("""{"mode":"badregex","s":[]}""", "The JSONPath '$.s[?(@ =~ /[/)]' specified for the field 'm.$'")]
    [InlineData("""{"mode":"badregexoutput","s":["x"]}""", "The regular expression /x)|(.*/ is not valid")]
    [InlineData("""{"mode":"descent","a":{"a":{"a":{"a":1}}}}""", null)]
    // IsPresent: a definite path that names nothing is absent, an indefinite one present (no matches too); a path that
    // cannot be evaluated (here an invalid regex; a step limit alike) fails the state, where it used to answer absent.
    [InlineData("""{"mode":"present","s":[]}""", "The regular expression /[/ is not valid")]
    public async Task Compiled_paths_meet_the_evaluators_limits(string input, string? cause)
    {
        var (output, source) = GeneratorHarness.Generate("Flows/Limits.asl.json", Definition);
        Assert.Contains("CompiledJsonPath(\"$..a..a\")", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Limits", "limits");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, input, GeneratorHarness.FixedClockKernel, "limits");
            var result = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, AslCompiler.Runtime.Json.JsonValue.Parse(input), new AslCompiler.Runtime.Execution.ExecutionRequest { Name = "limits" });
            if (cause is null)
            {
                Assert.Null(result.Error);
            }
            else
            {
                Assert.Contains(cause, result.Cause, StringComparison.Ordinal);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
