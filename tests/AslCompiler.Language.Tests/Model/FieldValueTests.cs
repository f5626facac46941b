using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class FieldValueTests
{
    [Fact]
    public void Paths_have_three_states_absent_null_and_string()
    {
        var absent = State<PassState>("{'Type':'Pass','End':true}");
        Assert.Null(absent.ResultPath);
        Assert.Null(absent.GetField("ResultPath"));

        var discard = State<PassState>("{'Type':'Pass','ResultPath':null,'OutputPath':null,'End':true}");
        Assert.True(discard.ResultPath!.IsNull);
        Assert.Null(discard.ResultPath.Path);
        Assert.Equal(JsonSyntaxKind.Null, discard.ResultPath.Syntax.Kind);
        Assert.True(discard.OutputPath!.IsNull);
        Assert.Equal("null", discard.ResultPath.ToString());

        var path = State<PassState>("{'Type':'Pass','ResultPath':'$.x','End':true}");
        Assert.False(path.ResultPath!.IsNull);
        Assert.Equal("$.x", path.ResultPath.Path);
        Assert.Same(path.GetField("ResultPath"), path.ResultPath.Property);
    }

    [Fact]
    public void Empty_path_string_is_a_string_not_null()
    {
        var pass = State<PassState>("{'Type':'Pass','InputPath':'','End':true}");
        Assert.False(pass.InputPath!.IsNull);
        Assert.Equal(string.Empty, pass.InputPath.Path);
    }

    [Theory]
    [InlineData("'{% $x %}'", true, " $x ")]
    [InlineData("'{%%}'", true, "")]
    [InlineData("'{% 1 + 2 %}'", true, " 1 + 2 ")]
    [InlineData("' {% $x %}'", false, null)]
    [InlineData("'{% $x %} '", false, null)]
    [InlineData("'{% $x'", false, null)]
    [InlineData("'$x %}'", false, null)]
    [InlineData("'{%}'", false, null)]
    [InlineData("12", false, null)]
    public void JSONata_expression_needs_the_exact_surround(string value, bool isExpression, string? expression)
    {
        var wait = State<WaitState>("{'Type':'Wait','Seconds':" + value + ",'End':true}");
        Assert.Equal(isExpression, wait.Seconds!.IsExpression);
        Assert.Equal(expression, wait.Seconds.Expression);
        Assert.Equal(isExpression, wait.Seconds.ExpressionSyntax is not null);
    }

    [Fact]
    public void Expression_text_maps_back_to_source_offsets()
    {
        const string text = "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Wait\",\"Seconds\":\"{% $delay %}\",\"End\":true}}}";
        var wait = Assert.IsType<WaitState>(AslDefinitionReader.Read(text).Definition!.States[0]);
        var start = wait.Seconds!.ExpressionSyntax!.GetSourceOffset(LiteralOrExpression.ExpressionStartIndex);
        Assert.Equal(" $delay ", text.Substring(start, wait.Seconds.Expression!.Length));
    }

    [Theory]
    [InlineData("5", 5L, null, null)]
    [InlineData("-3", -3L, null, null)]
    [InlineData("5.0", null, null, null)]
    [InlineData("99999999999999999999", null, null, null)]
    [InlineData("'text'", null, "text", null)]
    [InlineData("true", null, null, true)]
    [InlineData("null", null, null, null)]
    public void Literal_views_of_LiteralOrExpression(string value, long? integer, string? text, bool? boolean)
    {
        var wait = State<WaitState>("{'Type':'Wait','Seconds':" + value + ",'End':true}");
        Assert.Equal(integer, wait.Seconds!.Integer);
        Assert.Equal(text, wait.Seconds.String);
        Assert.Equal(boolean, wait.Seconds.Boolean);
        Assert.False(wait.Seconds.IsExpression);
    }

    [Fact]
    public void Spans_point_at_the_exact_field_value()
    {
        const string text =
            "{\n" +
            "  \"StartAt\": \"Fail\",\n" +
            "  \"States\": {\n" +
            "    \"Fail\": {\n" +
            "      \"Type\": \"Fail\",\n" +
            "      \"ErrorPath\": \"$.error\",\n" +
            "      \"Cause\": \"boom\"\n" +
            "    }\n" +
            "  }\n" +
            "}";
        var definition = AslDefinitionReader.Read(text).Definition!;
        var fail = Assert.IsType<FailState>(definition.GetState("Fail"));
        var errorPath = fail.GetField("ErrorPath")!;
        Assert.Equal("/States/Fail/ErrorPath", errorPath.Pointer);
        Assert.Equal(5, errorPath.Value.Span.StartLine);
        Assert.Equal(19, errorPath.Value.Span.StartColumn);
        Assert.Equal(5, errorPath.Value.Span.EndLine);
        Assert.Equal(28, errorPath.Value.Span.EndColumn);
        Assert.Equal("\"$.error\"", text.Substring(errorPath.Value.Span.Start, errorPath.Value.Span.Length));
        Assert.Equal(6, fail.Cause!.Span.StartLine);
        Assert.Equal(15, fail.Cause.Span.StartColumn);
        Assert.Equal("/States/Fail", fail.Pointer);
        Assert.Equal(3, fail.Span.StartLine);
        Assert.Equal(12, fail.Span.StartColumn);
        Assert.Equal(3, fail.NameSpan.StartLine);
        Assert.Equal(4, fail.NameSpan.StartColumn);
        Assert.Equal(6, fail.NameSpan.Length);
    }

    [Fact]
    public void Unknown_field_reports_pointer_and_span()
    {
        const string text = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Resutl\":1,\"End\":true}}}";
        var pass = AslDefinitionReader.Read(text).Definition!.States[0];
        var unknown = Assert.Single(pass.UnknownFields);
        Assert.Equal("/States/P/Resutl", unknown.Pointer);
        Assert.Equal("\"Resutl\"", text.Substring(unknown.NameSpan.Start, unknown.NameSpan.Length));
    }

    [Fact]
    public void Duplicate_known_field_reads_the_last_occurrence()
    {
        var pass = State<PassState>("{'Type':'Pass','ResultPath':'$.a','ResultPath':'$.b','End':true}");
        Assert.Equal("$.b", pass.ResultPath!.Path);
        Assert.Empty(pass.UnknownFields);
    }
}
