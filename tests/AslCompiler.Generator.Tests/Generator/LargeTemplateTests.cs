using System.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A payload template of tens of thousands of path members, or an array of as many objects with paths (legal
/// definitions of about 600 KB, under the service's 1 MB), was one method with an <c>if</c> per path step or item: a
/// Debug build gives each a local, and past 65,534 the consumer's build failed with CS0204. The members and items now
/// go to parts the template method calls in order.
/// </summary>
public class LargeTemplateTests
{
    [Fact]
    public async Task Templates_of_tens_of_thousands_of_members_or_items_compile_in_Debug_and_agree_with_the_interpreter()
    {
        // Two conditions each: more than 65,534 in one method. Short keys (k + base 36) and paths keep the definition within
        // the 1,048,576 characters AWS takes (past it the class is a shell, ASL1012).
        const int count = 33_000;
        static string Key(int i)
        {
            var digits = string.Empty;
            do
            {
                digits = "0123456789abcdefghijklmnopqrstuvwxyz"[i % 36] + digits;
                i /= 36;
            }
            while (i > 0);
            return "k" + digits;
        }

        var parameters = new StringBuilder();
        var items = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            parameters.Append(i == 0 ? string.Empty : ",").Append('"').Append(Key(i)).Append(".$\":\"$.b").Append(i % 7).Append('"');
            items.Append(i == 0 ? string.Empty : ",").Append("{\"x.$\":\"$.b").Append(i % 7).Append("\"}");
        }

        // Items: the array's objects take the input's b0 ... b6 in turn (the last one missing fails at item 6); the
        // array (over 256 KB) is dropped (ResultPath null), so the payload limit is not what fails.
        var definition = "{\"StartAt\":\"Items\",\"States\":{\"Items\":{\"Type\":\"Pass\",\"Parameters\":{\"arr\":[" + items + "]},\"ResultPath\":null,\"Next\":\"Wide\"},"
            + "\"Wide\":{\"Type\":\"Pass\",\"Parameters\":{" + parameters + "},\"OutputPath\":\"$." + Key(14) + "\",\"End\":true}}}";
        Assert.InRange(definition.Length, 1_000_000, 1_048_576);
        var (output, source) = GeneratorHarness.Generate("Flows/Wide.asl.json", definition);
        Assert.Equal(Microsoft.CodeAnalysis.OptimizationLevel.Debug, output.Options.OptimizationLevel);
        Assert.Contains("State1_Parameters_Arr_Part1(", source, StringComparison.Ordinal);
        Assert.Contains("State2_Parameters_Part1(", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Wide", "wide");
        try
        {
            // Found: the output is one member. Not found: the first member in AWS's order names its path.
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, """{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6}""", GeneratorHarness.FixedClockKernel, "wide");
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, """{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5}""", GeneratorHarness.FixedClockKernel, "wide");
            var found = await GeneratorHarness.FixedClockKernel().RunAsync(
                compiled, AslCompiler.Runtime.Json.JsonValue.Parse("""{"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6}"""), new AslCompiler.Runtime.Execution.ExecutionRequest { Name = "wide" });
            Assert.True(found.Output.ToJsonString() == "0", found.Error + ": " + found.Cause);
        }
        finally
        {
            context.Unload();
        }
    }
}
