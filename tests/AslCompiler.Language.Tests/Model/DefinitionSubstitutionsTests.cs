using AslCompiler.Language.Model;

namespace AslCompiler.Language.Tests.Model;

/// <summary><see cref="DefinitionSubstitutions"/>: CloudFormation's DefinitionSubstitutions (SAM, CDK) applied to a definition's text.</summary>
public class DefinitionSubstitutionsTests
{
    private static DefinitionSubstitutions Of(params (string Name, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    [Fact]
    public void Replaces_placeholders_with_their_values()
    {
        const string definition = """{"Resource": "${Fn}", "Parameters": {"TableName": "orders-${Stage}-${Stage}", "Key": "${Unknown}"}}""";

        var substituted = Of(("Fn", "arn:aws:lambda:us-east-1:123456789012:function:charge"), ("Stage", "dev")).Apply(definition);

        Assert.Equal("""{"Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Parameters": {"TableName": "orders-dev-dev", "Key": "${Unknown}"}}""", substituted.Text);
        Assert.Equal(3, substituted.Count);
        Assert.Same(definition, substituted.Original);
    }

    [Theory]
    [InlineData("""{"a": ${X}}""", """{"a": 42}""")] // outside a string: a number's placeholder, as CloudFormation replaces it
    [InlineData("""{"a": "\${X}"}""", """{"a": "\42"}""")] // the text, whatever JSON makes of it
    [InlineData("""{"a": "${X"}""", """{"a": "${X"}""")] // not a placeholder
    [InlineData("""{"a": "$ {X}"}""", """{"a": "$ {X}"}""")]
    [InlineData("""{"a": "${Y}"}""", """{"a": "${Y}"}""")] // no value
    public void Replaces_every_placeholder_in_the_text_as_CloudFormation_does(string definition, string expected)
    {
        Assert.Equal(expected, Of(("X", "42")).Apply(definition).Text);
    }

    [Fact]
    public void Inserts_values_as_written_and_replaces_their_own_placeholders()
    {
        // As deployed: a quote in a value breaks the string it lands in; a value's placeholder is replaced in turn.
        var substitutions = Of(("Quote", "say \"hi\""), ("Fn", "arn:aws:lambda:us-east-1:123456789012:function:${Stage}-charge"), ("Stage", "dev"));

        Assert.Equal("""{"a": "say "hi"", "b": "arn:aws:lambda:us-east-1:123456789012:function:dev-charge"}""", substitutions.Apply("""{"a": "${Quote}", "b": "${Fn}"}""").Text);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:${Stage}-charge", substitutions.Values["Fn"]); // the values as given
    }

    [Fact]
    public void Values_that_name_each_other_in_a_circle_are_refused()
    {
        Assert.False(DefinitionSubstitutions.TryParse("A=x${B};B=${C};C=${A}", out var substitutions, out var error));

        Assert.Null(substitutions);
        Assert.Equal("The substitutions name each other in a circle (A → B → C → A), which CloudFormation refuses.", error);
        Assert.Throws<ArgumentException>(() => Of(("A", "${A}")));
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
    [InlineData(" Fn = a=b ; ;Empty=;", "Fn|a=b", "Empty|")] // names and values trimmed, '=' kept in a value, empty entries skipped
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
