using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AslCompiler.Generator.Tests;

/// <summary>
/// The same case per code as <see cref="AslDefinitionAnalyzerCodeTests"/>, through Roslyn's analyzer test framework
/// (Microsoft.CodeAnalysis.CSharp.Analyzer.Testing): it checks the id, severity and line/column span, and that the code
/// is reported nowhere else in the file.
/// </summary>
public class AnalyzerVerifierTests
{
    private const string File = "/0/Machine.asl.json";

    [Theory]
    [MemberData(nameof(AnalyzerCases.All), MemberType = typeof(AnalyzerCases))]
    public async Task Each_code_verifies_with_the_Roslyn_analyzer_test_framework(string id, bool isError, string marked)
    {
        var text = MarkedText.Parse(marked);
        var test = new CSharpAnalyzerTest<AslDefinitionAnalyzer, DefaultVerifier>
        {
            TestCode = "class C { }",
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalFiles.Add((File, text.Text));

        // Each case is minimal for its own code; other codes it may also trip are judged by their own cases.
        test.DisabledDiagnostics.AddRange(new AslDefinitionAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(other => other != id));
        var (startLine, startColumn) = LinePosition(text.Text, text.Start);
        var (endLine, endColumn) = LinePosition(text.Text, text.End);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(id, isError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning)
            .WithSpan(File, startLine, startColumn, endLine, endColumn));

        await test.RunAsync();
    }

    [Fact]
    public async Task Empty_file_verifies_as_missing_description()
    {
        var test = new CSharpAnalyzerTest<AslDefinitionAnalyzer, DefaultVerifier>
        {
            TestCode = "class C { }",
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalFiles.Add((File, string.Empty));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("ASL0002", DiagnosticSeverity.Error).WithSpan(File, 1, 1, 1, 1));

        await test.RunAsync();
    }

    // One-based, as DiagnosticResult.WithSpan takes them.
    private static (int Line, int Column) LinePosition(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
