using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator.Tests;

public class AslDefinitionAnalyzerTests
{
    private const string Valid = """
        {
          "StartAt": "Done",
          "States": { "Done": { "Type": "Succeed" } }
        }
        """;

    [Fact]
    public async Task Valid_definition_has_no_diagnostics()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Order.asl.json", Valid));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Invalid_json_is_an_error_at_its_exact_span()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Order.asl.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {},\n}"));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL0001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/p/Order.asl.json", span.Path);
        Assert.Equal((2, 14), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal((2, 15), (span.EndLinePosition.Line, span.EndLinePosition.Character));
        Assert.Contains("Trailing comma", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticDescriptorsHelp("ASL0001"), diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public async Task A_build_error_says_what_is_wrong_beyond_AWS_s_words()
    {
        // A real-world trial could not tell what to change from "must be a valid JSONPath or a valid intrinsic function call".
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Paths.asl.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.a b"},"End":true}}}"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL0003", diagnostic.Id);
        Assert.Equal(
            "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call: Unexpected 'b' after the path.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_misspelt_Next_is_one_error_not_one_per_state_after_it()
    {
        // An IDE trial: one added character in a 1,000-state chain gave 500 "is not reachable" errors besides the real one.
        var states = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"S{i}\":{{\"Type\":\"Pass\",\"Next\":\"{(i == 20 ? "XS21" : "S" + (i + 1))}\"}}"));
        var text = "{\"StartAt\":\"S0\",\"States\":{" + states + ",\"S50\":{\"Type\":\"Succeed\"}}}";

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Chain.asl.json", text));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL0010", diagnostic.Id);
        Assert.Equal("Missing 'Next' target: XS21", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\u0085")]
    public async Task A_location_after_a_line_separator_in_a_string_has_the_lines_of_the_text_s_line_table(string separator)
    {
        // JSON counts only \n, \r\n and \r as line breaks; Roslyn's SourceText (and so the IDE) breaks lines at these
        // three too. An IDE trial found the squiggle's line and its text span disagreeing after one.
        var text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": { \"Comment\": \"x" + separator + "y\", \"Type\": \"Pass\", \"Next\": \"Bb\" }\n  }\n}";

        var diagnostic = Assert.Single(await AnalyzerHarness.AnalyzeAsync(("/p/Sep.asl.json", text)), d => d.Id == "ASL0010");

        var lines = SourceText.From(text).Lines;
        Assert.Equal(lines.GetLinePositionSpan(diagnostic.Location.SourceSpan), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal("\"Bb\"", text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public async Task Empty_definition_is_missing_description_and_a_blank_one_not_a_json_object()
    {
        var empty = await AnalyzerHarness.AnalyzeAsync(("/p/Empty.asl.json", ""));
        Assert.Equal("ASL0002", Assert.Single(empty).Id);

        // As ValidateStateMachineDefinition answers the same text (docs/diagnostics.md).
        var blank = Assert.Single(await AnalyzerHarness.AnalyzeAsync(("/p/Blank.asl.json", "  \n")));
        Assert.Equal("ASL0003", blank.Id);
        Assert.Equal("Definition must be a valid JSON object", blank.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Duplicate_keys_are_reported_on_the_second_key()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Dup.asl.json", "{\"StartAt\": \"A\", \"StartAt\": \"B\"}"));

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "ASL0001");
        Assert.Equal(17, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(9, diagnostic.Location.SourceSpan.Length);
    }

    [Fact]
    public async Task Only_asl_json_files_are_analysed()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/settings.json", "{,}"), ("/p/notes.txt", "{"));

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("{\"a\": \"\\uD800\"}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")]
    [InlineData("\"\\")]
    [InlineData("\uFEFF")]
    public async Task Hostile_input_never_crashes_the_analyzer(string text)
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/X.asl.json", text));

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.NotEmpty(diagnostics);
    }

    private static string DiagnosticDescriptorsHelp(string id) =>
        "https://github.com/aslcompiler/aslcompiler/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();

    [Theory]
    [InlineData(ReportDiagnostic.Warn, DiagnosticSeverity.Warning)]
    [InlineData(ReportDiagnostic.Info, DiagnosticSeverity.Info)]
    public async Task Severity_can_be_changed_per_id(ReportDiagnostic configured, DiagnosticSeverity expected)
    {
        var severities = System.Collections.Immutable.ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ASL0001", configured);

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(severities, ("/p/Order.asl.json", "{,}"));

        Assert.Equal(expected, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public async Task Suppressed_ids_are_not_reported()
    {
        var severities = System.Collections.Immutable.ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ASL0001", ReportDiagnostic.Suppress);

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(severities, ("/p/Order.asl.json", "{,}"));

        Assert.Empty(diagnostics);
    }
}
