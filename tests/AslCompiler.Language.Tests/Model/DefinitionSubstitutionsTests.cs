using AslCompiler.Language.Model;

namespace AslCompiler.Language.Tests.Model;

/// <summary><see cref="DefinitionSubstitutions"/>: CloudFormation's DefinitionSubstitutions (SAM, CDK) applied to a definition's text.</summary>
public class DefinitionSubstitutionsTests
{
    private static DefinitionSubstitutions Of(params (string Name, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    [Fact]
    public void Replaces_placeholders_inside_strings_with_their_values()
    {
        const string definition = """{"Resource": "${Fn}", "Parameters": {"TableName": "orders-${Stage}-${Stage}", "Key": "${Unknown}"}}""";

        var substituted = Of(("Fn", "arn:aws:lambda:us-east-1:123456789012:function:charge"), ("Stage", "dev")).Apply(definition);

        Assert.Equal("""{"Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Parameters": {"TableName": "orders-dev-dev", "Key": "${Unknown}"}}""", substituted.Text);
        Assert.Equal(3, substituted.Count);
        Assert.Same(definition, substituted.Original);
    }

    [Theory]
    [InlineData("""{"a": ${X}}""")] // outside a string: not JSON, left as written
    [InlineData("""{"a": "\${X}"}""")] // an escape before the $
    [InlineData("""{"a": "${X"}""")] // no closing brace in the string... nor after it
    [InlineData("""{"a": "$ {X}"}""")]
    public void Leaves_what_is_not_a_placeholder_in_a_string_as_written(string definition)
    {
        var substituted = Of(("X", "value")).Apply(definition);

        Assert.Equal(definition, substituted.Text);
        Assert.Equal(0, substituted.Count);
    }

    [Fact]
    public void Escapes_values_for_the_JSON_string_they_land_in()
    {
        var substituted = Of(("X", "a \"quoted\" \\ value\nwith\tbreaks\u0001")).Apply("""{"a": "<${X}>"}""");

        Assert.Equal("""{"a": "<a \"quoted\" \\ value\nwith\tbreaks\u0001>"}""", substituted.Text);
        Assert.Equal("<a \"quoted\" \\ value\nwith\tbreaks\u0001>", ((AslCompiler.Language.Json.JsonStringSyntax)((AslCompiler.Language.Json.JsonObjectSyntax)AslCompiler.Language.Json.JsonSyntaxReader.Parse(substituted.Text).Root!)["a"]!).Value);
    }

    [Fact]
    public void Maps_positions_back_to_the_text_as_written()
    {
        // "${A}" (4 characters) becomes "12345678" (8), "${B}" becomes "" (0).
        const string definition = """{"x": "${A}", "y": "${B}", "z": 1}""";
        var substituted = Of(("A", "12345678"), ("B", string.Empty)).Apply(definition);
        Assert.Equal("""{"x": "12345678", "y": "", "z": 1}""", substituted.Text);

        int In(string text, string part) => text.IndexOf(part, StringComparison.Ordinal);

        // Before, after and between the values: shifted.
        Assert.Equal(In(definition, "\"x\""), substituted.ToOriginal(In(substituted.Text, "\"x\"")));
        Assert.Equal(In(definition, "\"y\""), substituted.ToOriginal(In(substituted.Text, "\"y\"")));
        Assert.Equal(In(definition, "\"z\""), substituted.ToOriginal(In(substituted.Text, "\"z\"")));
        Assert.Equal(definition.Length, substituted.ToOriginal(substituted.Text.Length, isEnd: true));

        // A span of the string holding a value covers the placeholder; one inside the value underlines the placeholder.
        var valueStart = In(substituted.Text, "12345678");
        Assert.Equal(In(definition, "${A}"), substituted.ToOriginal(valueStart));
        Assert.Equal(In(definition, "${A}") + 4, substituted.ToOriginal(valueStart + 8, isEnd: true));
        Assert.Equal(In(definition, "${A}"), substituted.ToOriginal(valueStart + 3));
        Assert.Equal(In(definition, "${A}") + 4, substituted.ToOriginal(valueStart + 3, isEnd: true));

        // A span ending where a value starts ends before its placeholder.
        Assert.Equal(In(definition, "${A}"), substituted.ToOriginal(valueStart, isEnd: true));
    }

    [Theory]
    [InlineData("Fn=arn:aws:lambda:us-east-1:123456789012:function:f;Stage=dev", "Fn|arn:aws:lambda:us-east-1:123456789012:function:f", "Stage|dev")]
    [InlineData(" Fn = a=b ; ;Empty=;", "Fn| a=b ", "Empty|")] // names trimmed, values as written (up to ';'), empty entries skipped
    [InlineData("A=1,B=2", "A|1", "B|2")] // ',' separates entries too (MSBuild passes ';' on as ',')
    [InlineData("\n  A=1\r\n  B=2\n", "A|1", "B|2")] // and line breaks
    [InlineData("", null, null)]
    public void Reads_a_list_of_entries(string list, string? first, string? second)
    {
        Assert.True(DefinitionSubstitutions.TryParse(list, out var substitutions, out var error));

        Assert.Null(error);
        var expected = new[] { first, second }.OfType<string>().Select(e => e.Split('|')).ToDictionary(e => e[0], e => e[1]);
        Assert.Equal(expected, substitutions!.Values);
    }

    [Theory]
    [InlineData("Fn", "The entry 'Fn' is not Name=value.")]
    [InlineData("=value", "The entry '=value': A substitution has no name.")]
    [InlineData("A=1;A=2", "The substitution 'A' is given twice.")]
    [InlineData("A}=1", "The entry 'A}=1': The substitution name 'A}' holds '}' or '\"', so no placeholder can name it.")]
    public void Names_the_entry_a_list_breaks_on(string list, string message)
    {
        Assert.False(DefinitionSubstitutions.TryParse(list, out var substitutions, out var error));

        Assert.Null(substitutions);
        Assert.Equal(message, error);
    }

    [Fact]
    public void The_constructor_refuses_what_no_placeholder_can_name()
    {
        Assert.Throws<ArgumentException>(() => Of(("", "x")));
        Assert.Throws<ArgumentException>(() => Of(("a", "x"), ("a", "y")));
        Assert.Throws<ArgumentException>(() => Of(("a\"b", "x")));
    }
}
