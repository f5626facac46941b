using System;
using System.Collections.Immutable;
using AslCompiler.Language.Model;
using AslCompiler.Language.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator;

/// <summary>
/// Reports the validator's diagnostics for <c>*.asl.json</c> AdditionalFiles as compiler diagnostics at their exact
/// span, so they show as squiggles in the IDE and fail the build (errors) or warn (warnings).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AslDefinitionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The file name suffix of state machine definitions.</summary>
    public const string DefinitionSuffix = ".asl.json";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.All);

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
        if (content.Length == 0)
        {
            // An empty file (one of only whitespace goes on: AWS answers it SCHEMA_VALIDATION_FAILED, not a JSON object).
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingDescription,
                Location.Create(file.Path, new TextSpan(0, 0), new LinePositionSpan(default, default)),
                AslGenerator.EmptyDefinitionMessage));
            return;
        }

        if (content.Length > AslGenerator.MaxDefinitionLength)
        {
            // AWS refuses it before validating it; the generator says so (ASL1012), once.
            return;
        }

        foreach (var diagnostic in AslValidator.Analyze(content))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (diagnostic.IsFollowOnError)
            {
                // One misspelt Next is one error, not also one per state after it (the API still lists those).
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForCode(diagnostic.Code), ToLocation(file.Path, text, diagnostic), diagnostic.MessageWithDetail));
        }
    }

    /// <summary>
    /// The diagnostic's span with its lines and columns from <paramref name="text"/>'s own line table. Roslyn (and so
    /// the IDE) also breaks lines at U+0085, U+2028 and U+2029, which the validator's positions, as JSON tools count
    /// them, do not: lines counted by the validator would put the squiggle on another line than the text span.
    /// </summary>
    private static Location ToLocation(string path, SourceText text, AslDiagnostic diagnostic)
    {
        var textSpan = SpanIn(text, diagnostic);
        return Location.Create(path, textSpan, text.Lines.GetLinePositionSpan(textSpan));
    }

    /// <summary>The diagnostic's span in <paramref name="text"/>, kept within it (the generated shell's error list places its errors by it too).</summary>
    internal static TextSpan SpanIn(SourceText text, AslDiagnostic diagnostic)
    {
        var span = diagnostic.Span;
        var start = Math.Max(0, Math.Min(span.Start, text.Length));
        var end = Math.Max(start, Math.Min(span.End, text.Length));
        return TextSpan.FromBounds(start, end);
    }
}
