using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests;

public class AslDefinitionAnalyzerCodeTests
{
    [Theory]
    [MemberData(nameof(AnalyzerCases.All), MemberType = typeof(AnalyzerCases))]
    public async Task Each_code_is_reported_with_its_id_severity_and_exact_span(string id, bool isError, string marked)
    {
        var text = MarkedText.Parse(marked);

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/Machine.asl.json", text.Text));

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(isError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal((text.Start, text.End), (diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.End));
        Assert.Equal("https://github.com/aslcompiler/aslcompiler/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_descriptor_is_tested_and_ids_are_unique()
    {
        var tested = AnalyzerCases.All().Select(c => (string)c[0]).Append("ASL0002").ToHashSet(StringComparer.Ordinal);
        var ids = new AslDefinitionAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), tested.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public void Each_descriptor_says_whose_code_it_is_as_the_docs_and_release_notes_do()
    {
        // ASL0015 and ASL0016 are ours; their descriptors called them AWS ValidateStateMachineDefinition codes.
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));
        var releases = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "src", "AslCompiler.Generator", "AnalyzerReleases.Unshipped.md"));
        var ourIds = new List<string>();
        foreach (var descriptor in new AslDefinitionAnalyzer().SupportedDiagnostics)
        {
            var code = descriptor.CustomTags.Single();
            var ours = docs.Contains("## " + descriptor.Id + "\n\n**" + code + " (ours, not AWS's)**", StringComparison.Ordinal);
            var description = descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ours)
            {
                ourIds.Add(descriptor.Id);
            }


            Assert.Equal(ours ? "AslCompiler's own code " + code + ", not one of AWS ValidateStateMachineDefinition's: AWS does not report this." : "AWS ValidateStateMachineDefinition code " + code + ".", description);
            Assert.Equal(ours, releases.Single(l => l.StartsWith(descriptor.Id + " ", StringComparison.Ordinal)).Contains(code + " (ours)", StringComparison.Ordinal));
        }

        Assert.Equal(["ASL0015", "ASL0016"], ourIds);
    }

    [Fact]
    public void Every_descriptors_help_link_names_a_heading_of_the_diagnostics_doc()
    {
        // Headings inside a fenced block are not headings. As in CommonMark, only a bare fence closes a block (a line
        // "```json" inside one is text), so a stray fence that swallows the next section is caught.
        var headings = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal) && (!inFence || line.TrimEnd() == "```"))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                headings.Add(line[3..].Trim().ToLowerInvariant());
            }
        }

        Assert.False(inFence, "docs/diagnostics.md ends inside a fenced block");
        foreach (var descriptor in new AslDefinitionAnalyzer().SupportedDiagnostics)
        {
            var anchor = descriptor.HelpLinkUri[(descriptor.HelpLinkUri.IndexOf('#', StringComparison.Ordinal) + 1)..];
            Assert.True(headings.Contains(anchor), descriptor.Id + ": no heading '## " + descriptor.Id + "' outside code blocks in docs/diagnostics.md");
        }
    }

    [Fact]
    public async Task Line_and_column_point_into_a_multi_line_file()
    {
        var text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": { \"Type\": \"Pass\", \"Next\": \"Nowhere\" },\n    \"B\": { \"Type\": \"Succeed\" }\n  }\n}";

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(("/p/M.asl.json", text));

        var target = Assert.Single(diagnostics, d => d.GetMessage().StartsWith("Missing 'Next' target", StringComparison.Ordinal));
        var span = target.Location.GetLineSpan();
        Assert.Equal((3, 35), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal((3, 44), (span.EndLinePosition.Line, span.EndLinePosition.Character));
    }
}
