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
        context.Options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(AslGenerator.SubstitutionsMetadata, out var substitutions);
        var substituted = AslGenerator.Substitute(content, substitutions);
        if (content.Length == 0)
        {
            // An empty file (one of only whitespace goes on: AWS answers it SCHEMA_VALIDATION_FAILED, not a JSON object).
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingDescription,
                Location.Create(file.Path, new TextSpan(0, 0), new LinePositionSpan(default, default)),
                AslGenerator.EmptyDefinitionMessage));
            return;
        }

        if ((substituted?.Text.Length ?? content.Length) > AslGenerator.MaxDefinitionLength)
        {
            // AWS refuses it before validating it; the generator says so (ASL1012), once.
            return;
        }

        foreach (var diagnostic in AslValidator.Analyze(substituted?.Text ?? content))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (diagnostic.IsFollowOnError)
            {
                // One misspelt Next is one error, not also one per state after it (the API still lists those).
                continue;
            }

            var location = ToLocation(file.Path, text, diagnostic, substituted);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForCode(diagnostic.Code), location, diagnostic.MessageWithDetail + PlaceholderHint(text, location.SourceSpan)));
        }
    }

    /// <summary>
    /// A sentence for a diagnostic whose span holds a placeholder left as written (<c>${ChargeFunctionArn}</c>, which AWS
    /// refuses as a Resource): where its value goes. Empty otherwise.
    /// </summary>
    private static string PlaceholderHint(SourceText text, TextSpan span)
    {
        var written = text.ToString(span);
        var start = written.IndexOf("${", StringComparison.Ordinal);
        if (start < 0 || written.IndexOf('}', start) is var end && end < 0)
        {
            return string.Empty;
        }

        return " '" + written.Substring(start, end - start + 1) + "' is a placeholder that CloudFormation fills at deployment (DefinitionSubstitutions): give its value as AslDefinitionSubstitutions item metadata.";
    }

    /// <summary>
    /// The diagnostic's span with its lines and columns from <paramref name="text"/>'s own line table. Roslyn (and so
    /// the IDE) also breaks lines at U+0085, U+2028 and U+2029, which the validator's positions, as JSON tools count
    /// them, do not: lines counted by the validator would put the squiggle on another line than the text span.
    /// </summary>
    private static Location ToLocation(string path, SourceText text, AslDiagnostic diagnostic, SubstitutedDefinition? substituted)
    {
        var textSpan = SpanIn(text, diagnostic, substituted);
        return Location.Create(path, textSpan, text.Lines.GetLinePositionSpan(textSpan));
    }

    /// <summary>
    /// The diagnostic's span in <paramref name="text"/>, kept within it (the generated shell's error list places its errors
    /// by it too). A diagnostic of the text with its placeholders replaced (<paramref name="substituted"/>) is placed back in
    /// the file as written: one inside a placeholder's value underlines the placeholder.
    /// </summary>
    internal static TextSpan SpanIn(SourceText text, AslDiagnostic diagnostic, SubstitutedDefinition? substituted)
    {
        var span = diagnostic.Span;
        var (spanStart, spanEnd) = substituted is null ? (span.Start, span.End) : (substituted.ToOriginal(span.Start), substituted.ToOriginal(span.End, isEnd: true));
        var start = Math.Max(0, Math.Min(spanStart, text.Length));
        var end = Math.Max(start, Math.Min(spanEnd, text.Length));
        return TextSpan.FromBounds(start, end);
    }
}
