using System;
using System.Collections.Immutable;
using AslCompiler.Language.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator;

/// <summary>
/// Reports problems in <c>*.asl.json</c> AdditionalFiles as compiler diagnostics at their exact span, so they
/// show as squiggles in the IDE and fail the build.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AslDefinitionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The file name suffix of state machine definitions.</summary>
    public const string DefinitionSuffix = ".asl.json";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidJson,
        DiagnosticDescriptors.MissingDescription);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => start.RegisterAdditionalFileAction(AnalyzeFile));
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        if (!file.Path.EndsWith(DefinitionSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var text = file.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var content = text.ToString();
        if (content.Trim().Length == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingDescription,
                Location.Create(file.Path, new TextSpan(0, 0), new LinePositionSpan(default, default)),
                "The definition is empty: write a state machine as a JSON object with StartAt and States."));
            return;
        }

        var result = JsonSyntaxReader.Parse(content);
        foreach (var diagnostic in result.Diagnostics)
        {
            var span = diagnostic.Span;
            var location = Location.Create(
                file.Path,
                new TextSpan(span.Start, span.Length),
                new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidJson, location, diagnostic.Message));
        }
    }
}
