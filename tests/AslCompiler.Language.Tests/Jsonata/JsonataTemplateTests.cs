using AslCompiler.Language.Json;
using AslCompiler.Language.Jsonata;

namespace AslCompiler.Language.Tests.Jsonata;

public sealed class JsonataTemplateTests
{
    [Theory]
    [InlineData("{% $states.input %}", true)]
    [InlineData("{%%}", true)]
    [InlineData("{%}", false)]
    [InlineData(" {% 1 %}", false)]
    [InlineData("{% 1 %} ", false)]
    [InlineData("{% 1", false)]
    [InlineData("plain", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_template_is_a_whole_string_between_percent_braces(string? value, bool expected)
    {
        Assert.Equal(expected, JsonataTemplate.IsTemplate(value));
    }

    [Fact]
    public void The_expression_is_the_text_inside()
    {
        Assert.Equal(" $x + 1 ", JsonataTemplate.GetExpression("{% $x + 1 %}"));
        Assert.Null(JsonataTemplate.GetExpression("$x"));
        var template = JsonataTemplate.Parse("{% $x + 1 %}")!;
        Assert.True(template.Result.Success);
        Assert.Equal(JsonataNodeKind.Binary, template.Result.Root.Kind);
        Assert.Null(JsonataTemplate.Parse("x"));
    }

    [Fact]
    public void Empty_template_is_an_unexpected_end()
    {
        var template = JsonataTemplate.Parse("{%%}")!;
        Assert.Equal("S0207", template.Result.Error!.Code);
    }

    [Fact]
    public void Error_offsets_map_back_into_the_JSON_source()
    {
        const string json = "{\"Output\": \"{% \\\"x\\\" & ) %}\"}";
        var document = JsonSyntaxReader.Parse(json);
        Assert.True(document.Success);
        var node = Assert.IsType<JsonStringSyntax>(((JsonObjectSyntax)document.Root!)["Output"]);
        var template = JsonataTemplate.Parse(node)!;
        Assert.Equal("S0211", template.Result.Error!.Code);
        var (start, end) = template.GetErrorSourceRange()!.Value;
        Assert.Equal(')', json[start]);
        Assert.Equal(start + 1, end);
    }

    [Fact]
    public void Node_offsets_map_back_into_the_JSON_source()
    {
        const string json = "[\"{%  $foo.bar %}\"]";
        var document = JsonSyntaxReader.Parse(json);
        var node = Assert.IsType<JsonStringSyntax>(((JsonArraySyntax)document.Root!)[0]);
        var template = JsonataTemplate.Parse(node)!;
        var path = Assert.IsType<JsonataPathNode>(template.Result.Root);
        Assert.Equal("$foo", json.Substring(template.GetSourceOffset(path.Steps[0].Position), 4));
        Assert.Equal("bar", json.Substring(template.GetSourceOffset(path.Steps[1].Position), 3));
    }
}
