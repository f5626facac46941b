using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

public class PayloadTemplateTests
{
    [Theory]
    [InlineData("""{"a":5,"a.$":"$.x"}""", "The field 'a' is given twice in the template (as 'a' and 'a.$').")]
    [InlineData("""{"a.$":"$.x","a":5}""", "The field 'a' is given twice in the template (as 'a.$' and 'a').")]
    [InlineData("""{"outer":[{"k":{"b.$":"States.Array($.x)","c":1,"b":[]}}]}""", "The field 'b' is given twice in the template (as 'b.$' and 'b').")]
    [InlineData("""{"a.$":1,"a.$.$":"$.x"}""", "The field 'a.$' is given twice in the template (as 'a.$' and 'a.$.$').")]
    public void A_member_name_given_with_and_without_the_path_suffix_is_an_error_naming_it(string template, string error)
    {
        Assert.False(PayloadTemplate.TryCreate(JsonValue.Parse(template), out var compiled, out var message));

        Assert.Null(compiled);
        Assert.Equal(error, message);
        Assert.Equal(error, Assert.Throws<FormatException>(() => PayloadTemplate.Create(JsonValue.Parse(template))).Message);
    }

    [Theory]
    [InlineData("""{"a":5,"b.$":"$.x"}""", """{"a":5,"b":1}""")]
    [InlineData("""{"a.$":5,"a":"$.x"}""", """{"a.$":5,"a":"$.x"}""")]
    [InlineData("""{"n":{"a.$":"$.x"},"m":{"a.$":"$.x"}}""", """{"n":{"a":1},"m":{"a":1}}""")]
    public void Distinct_names_render(string template, string expected)
    {
        Assert.True(PayloadTemplate.TryCreate(JsonValue.Parse(template), out var compiled, out var message), message);

        Assert.Equal(JsonValue.Parse(expected), compiled!.Evaluate(JsonValue.Parse("""{"x":1}""")).Value);
    }
}
