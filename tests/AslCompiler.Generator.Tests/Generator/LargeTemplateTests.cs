using System.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A payload template of tens of thousands of path members (a legal definition of about 600 KB, under the service's
/// 1 MB) was one method with an <c>if</c> per path step: a Debug build gives each a local, and past 65,534 the
/// consumer's build failed with CS0204. The members now go to parts the template method calls in order.
/// </summary>
public class LargeTemplateTests
{
    [Fact]
    public async Task A_template_of_thousands_of_path_members_compiles_in_Debug_and_agrees_with_the_interpreter()
    {
        const int count = 34_000; // two steps each: more than 65,534 conditions in one method
        var parameters = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            parameters.Append(i == 0 ? string.Empty : ",").Append("\"k").Append(i).Append(".$\":\"$.a.b").Append(i % 7).Append('"');
        }

        var definition = "{\"StartAt\":\"Wide\",\"States\":{\"Wide\":{\"Type\":\"Pass\",\"Parameters\":{" + parameters + "},\"OutputPath\":\"$.k14\",\"End\":true}}}";
        var (output, source) = GeneratorHarness.Generate("Flows/Wide.asl.json", definition);
        Assert.Equal(Microsoft.CodeAnalysis.OptimizationLevel.Debug, output.Options.OptimizationLevel);
        Assert.Contains("_Part1(", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Wide", "wide");
        try
        {
            // Found: the output is one member. Not found: the first member in AWS's order names its path.
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, """{"a":{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6}}""", GeneratorHarness.FixedClockKernel, "wide");
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, """{"a":{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5}}""", GeneratorHarness.FixedClockKernel, "wide");
            var found = await GeneratorHarness.FixedClockKernel().RunAsync(
                compiled, AslCompiler.Runtime.Json.JsonValue.Parse("""{"a":{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6}}"""), new AslCompiler.Runtime.Execution.ExecutionRequest { Name = "wide" });
            Assert.Equal("0", found.Output.ToJsonString());
        }
        finally
        {
            context.Unload();
        }
    }
}
