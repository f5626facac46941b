using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator.Tests;

/// <summary>Runs <see cref="AslDefinitionAnalyzer"/> over a compilation with the given additional files.</summary>
internal static class AnalyzerHarness
{
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params (string Path, string Text)[] files) =>
        AnalyzeAsync(ImmutableDictionary<string, ReportDiagnostic>.Empty, files);

    /// <summary>
    /// Runs with per-id severities, as <c>dotnet_diagnostic.ASLnnnn.severity</c> in <c>.editorconfig</c> (a global
    /// analyzer config for files outside C#) sets them.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableDictionary<string, ReportDiagnostic> severities, params (string Path, string Text)[] files) =>
        AnalyzeAsync(severities, new Dictionary<string, IReadOnlyDictionary<string, string>>(), files);

    /// <summary>Runs with item metadata per file path (<c>AslDefinitionSubstitutions</c> ...), as MSBuild passes it.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        ImmutableDictionary<string, ReportDiagnostic> severities,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> metadata,
        params (string Path, string Text)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("class C { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSpecificDiagnosticOptions(severities));
        var additional = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var options = new AnalyzerOptions(additional, new MetadataOptions(metadata));
        var withAnalyzers = compilation.WithAnalyzers([new AslDefinitionAnalyzer()], new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("ASL", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
    }

    private sealed class MetadataOptions(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> metadata) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new AslCompiler.Generator.Tests.Generator.GeneratorHarness.DictionaryOptions([]);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new AslCompiler.Generator.Tests.Generator.GeneratorHarness.DictionaryOptions([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new AslCompiler.Generator.Tests.Generator.GeneratorHarness.DictionaryOptions(metadata.TryGetValue(textFile.Path, out var values)
                ? values.ToDictionary(v => "build_metadata.AdditionalFiles." + v.Key, v => v.Value)
                : []);
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
