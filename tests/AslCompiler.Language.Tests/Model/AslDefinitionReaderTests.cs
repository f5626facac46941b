using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Tests.Model;

public sealed class AslDefinitionReaderTests
{
    [Fact]
    public void Empty_text_is_MISSING_DESCRIPTION()
    {
        var result = AslDefinitionReader.Read(string.Empty);
        Assert.Null(result.Definition);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(AslDiagnosticCodes.MissingDescription, diagnostic.Code);
        Assert.Equal(AslDiagnosticSeverity.Error, diagnostic.Severity);
        Assert.False(result.Success);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\n\t ")]
    public void Blank_text_is_not_a_JSON_object_as_AWS_reports_it(string text)
    {
        var diagnostic = Assert.Single(AslDefinitionReader.Read(text).Diagnostics);
        Assert.Equal(AslDiagnosticCodes.SchemaValidationFailed, diagnostic.Code);
        Assert.Equal("Definition must be a valid JSON object", diagnostic.Message);
        Assert.Null(diagnostic.Location);
    }

    [Fact]
    public void Json_syntax_error_is_INVALID_JSON_DESCRIPTION_at_its_position()
    {
        var result = AslDefinitionReader.Read("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}");
        Assert.Null(result.Definition);
        Assert.Null(result.Root);
        Assert.NotNull(result.JsonParseResult);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(AslDiagnosticCodes.InvalidJsonDescription, diagnostic.Code);
        Assert.Equal(2, diagnostic.Span.StartLine);
        Assert.Equal(13, diagnostic.Span.StartColumn);
        Assert.Equal("/States", diagnostic.Location);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"StartAt\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Root_that_is_not_an_object_gives_no_model(string text)
    {
        var result = AslDefinitionReader.Read(text);
        Assert.Null(result.Definition);
        Assert.NotNull(result.Root);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(AslDiagnosticCodes.SchemaValidationFailed, diagnostic.Code);
        Assert.Equal(result.Root!.Span, diagnostic.Span);
    }

    [Fact]
    public void Empty_object_builds_an_empty_model_without_diagnostics()
    {
        var result = AslDefinitionReader.Read("{}");
        Assert.True(result.Success);
        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Definition!.StartAt);
        Assert.Empty(result.Definition.States);
        Assert.Null(result.Definition.StatesSyntax);
    }

    [Fact]
    public void Duplicate_state_names_are_both_kept_and_not_reported_by_the_reader()
    {
        var result = AslDefinitionReader.Read(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true},\"A\":{\"Type\":\"Succeed\"}}}");
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.JsonParseResult!.Diagnostics, d => d.Kind == JsonErrorKind.DuplicateKey);
        var definition = result.Definition!;
        Assert.Equal(new[] { "A", "A" }, definition.States.Select(s => s.Name));
        Assert.IsType<PassState>(definition.States[0]);
        Assert.IsType<SucceedState>(definition.GetState("A"));
        Assert.NotEqual(definition.States[0].NameSpan, definition.States[1].NameSpan);
    }

    [Fact]
    public void Read_from_a_parse_result_keeps_it()
    {
        var json = JsonSyntaxReader.Parse("{\"StartAt\":\"A\",\"States\":{}}");
        var result = AslDefinitionReader.Read(json);
        Assert.Same(json, result.JsonParseResult);
        Assert.Same(json.Root, result.Definition!.Syntax);
    }

    [Fact]
    public void Read_from_an_embedded_node_keeps_document_pointers_and_gives_relative_locations()
    {
        var json = JsonSyntaxReader.Parse(
            "{\"id\":1,\"definition\":{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"ResultPath\":null,\"End\":true}}}}");
        var node = ((JsonObjectSyntax)json.Root!)["definition"]!;
        var result = AslDefinitionReader.Read(node);
        Assert.Null(result.JsonParseResult);
        var definition = result.Definition!;
        var state = Assert.IsType<PassState>(definition.GetState("A"));
        Assert.Equal("/definition/States/A", state.Pointer);
        Assert.Equal("/States/A/ResultPath", definition.LocationOf(state.GetField("ResultPath")!));
        Assert.Equal("/", definition.LocationOf(definition.Syntax));
    }

    [Fact]
    public void Null_arguments_throw()
    {
        Assert.Throws<ArgumentNullException>(() => AslDefinitionReader.Read((string)null!));
        Assert.Throws<ArgumentNullException>(() => AslDefinitionReader.Read((JsonParseResult)null!));
        Assert.Throws<ArgumentNullException>(() => AslDefinitionReader.Read((JsonSyntaxNode)null!));
    }
}
