using System.Text.RegularExpressions;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A nested template's methods are named after the state and each key on the way down (<c>State1_Parameters_Order_Lines</c>).
/// Each key was shortened to 200 characters but the joined name was not, so six nested 200-character keys, or 300 nested
/// short ones, made names past the 1,024 bytes metadata takes: CS7013, which only emitting the assembly reports (found by
/// fuzzing the generator). Past 300 characters a generated member's name now ends in a hash of the whole.
/// </summary>
public class LongMemberNameTests
{
    [Theory]
    [InlineData(6, 200)]
    [InlineData(300, 0)]
    public async Task Deeply_nested_template_keys_give_names_the_assembly_can_hold(int levels, int keyLength)
    {
        var keys = Enumerable.Range(0, levels)
            .Select(i => keyLength == 0 ? "k" + i : new string((char)('a' + i), keyLength))
            .ToArray();
        var template = "{\"x.$\":\"$.a\",\"y\":[1,{\"z.$\":\"$.a\"}]}";
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            template = "{\"" + keys[i] + "\":" + template + ",\"" + keys[i] + "2.$\":\"States.Format('{}', $.a)\"}";
        }

        var definition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":" + template + ",\"End\":true}}}";
        var (output, source) = GeneratorHarness.Generate("Flows/Deep.asl.json", definition);
        var names = Regex.Matches(source, @"private static [^=(]*? (\w+)\(").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.InRange(name.Length, 1, CSharpIdentifiers.MaxMemberLength + 10));

        // Emitting is what reports CS7013; the program it loads then runs as the interpreter does.
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Deep", "deep-names");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, "{\"a\":1}", GeneratorHarness.FixedClockKernel, "deep");
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, "{\"b\":1}", GeneratorHarness.FixedClockKernel, "missing");
        }
        finally
        {
            context.Unload();
        }
    }
}
