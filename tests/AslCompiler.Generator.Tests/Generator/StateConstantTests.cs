using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>State names become safe, unique identifiers whose values are the exact names.</summary>
public class StateConstantTests
{
    [Theory]
    [InlineData("Validate order", "ValidateOrder")]
    [InlineData("is-valid?", "IsValid")]
    [InlineData("2nd try", "_2ndTry")]
    [InlineData("class", "Class")]
    [InlineData("Überprüfen", "Überprüfen")]
    [InlineData("say \\\"hi\\\" \\\\ there", "SayHiThere")]
    [InlineData("Σ ≠ 0 ✓", "Σ0")]
    [InlineData("!!!", "State")]
    [InlineData("\\uffff end \\ufffe", "End")] // not allowed in XML: the doc comment's text had them (CS1570)
    public void State_name_becomes_an_identifier_whose_value_is_the_name(string jsonName, string identifier)
    {
        var definition = "{\"StartAt\":\"" + jsonName + "\",\"States\":{\"" + jsonName + "\":{\"Type\":\"Succeed\"}}}";
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var constant = Assert.Single(output.GetTypeByMetadataName("Shop.Machine+States")!.GetMembers().OfType<IFieldSymbol>());
        Assert.Equal(identifier, constant.Name);
        var expected = AslCompiler.Runtime.Json.JsonValue.Parse("\"" + jsonName + "\"");
        Assert.True(expected.TryGetString(out var name));
        Assert.Equal(name, constant.ConstantValue);
    }

    [Theory]
    [InlineData("\\u202eTLR")] // right-to-left override
    [InlineData("a\\u2066b\\u2069c")] // isolates
    [InlineData("x\\u200fy\\u061cz")] // marks
    public void A_bidirectional_control_in_a_state_name_is_in_no_comment_of_the_generated_file(string jsonName)
    {
        // A hostile-input trial found U+202E written as it is into doc comments: text that reads otherwise than it
        // compiles ("Trojan Source"). String literals escape it; comments now hold a space in its place.
        var definition = "{\"StartAt\":\"" + jsonName + "\",\"States\":{\"" + jsonName + "\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$.a\"},\"Next\":\"J\"},"
            + "\"J\":{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"Output\":\"{% $states.input.v & '" + jsonName + "' %}\",\"End\":true}}}";
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", definition)]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var generated = string.Concat(sources.Values);
        var bidi = generated.Where(c => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')).ToArray();
        Assert.Empty(bidi);
        var expected = AslCompiler.Runtime.Json.JsonValue.Parse("\"" + jsonName + "\"");
        Assert.True(expected.TryGetString(out var name));
        Assert.Contains(output.GetTypeByMetadataName("Shop.Machine+States")!.GetMembers().OfType<IFieldSymbol>(), f => Equals(f.ConstantValue, name));
    }

    [Fact]
    public void States_in_branches_and_item_processors_are_included_in_document_order()
    {
        const string definition = """
            {"StartAt":"Fan out","States":{
              "Fan out":{"Type":"Parallel","Branches":[{"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}}],"Next":"Each"},
              "Each":{"Type":"Map","ItemProcessor":{"StartAt":"Item","States":{"Item":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        var names = output.GetTypeByMetadataName("Shop.Machine+States")!.GetMembers().OfType<IFieldSymbol>().Select(f => f.Name);
        Assert.Equal(["FanOut", "Left", "Each", "Item"], names);
    }
}
