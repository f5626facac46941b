using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Validation;

/// <summary>
/// ValidateStateMachineDefinition in the language core: turns a definition into AWS's verdict and diagnostic list
/// (code, location such as <c>/States/FailState/ErrorPath</c>, message, severity), each with its source span.
/// </summary>
public static class AslValidator
{
    /// <summary>Validates <paramref name="definition"/> (the ASL text) as AWS's ValidateStateMachineDefinition does.</summary>
    /// <exception cref="ArgumentNullException">The definition is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ValidationOptions.MaxResults"/> is outside 0..100.</exception>
    public static ValidationResult Validate(string definition, ValidationOptions? options = null)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        return Validate(JsonSyntaxReader.Parse(definition), options);
    }

    /// <summary>
    /// Validates a definition the JSON reader has read (from text, UTF-8 bytes or a stream: malformed UTF-8 is then
    /// an INVALID_JSON_DESCRIPTION error with its position).
    /// </summary>
    public static ValidationResult Validate(JsonParseResult json, ValidationOptions? options = null)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        options ??= ValidationOptions.Default;
        return Select(AsReported(Analyze(AslDefinitionReader.Read(json), json.Source, options.Type), json), options);
    }

    /// <summary>Validates a definition already read as JSON (e.g. the <c>definition</c> member of a larger document).</summary>
    /// <param name="definition">The definition's JSON value.</param>
    /// <param name="source">The text it was read from, for exact spans inside strings; optional.</param>
    /// <param name="options">The request options.</param>
    public static ValidationResult Validate(JsonSyntaxNode definition, SourceText? source, ValidationOptions? options = null)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        options ??= ValidationOptions.Default;
        return Select(Analyze(AslDefinitionReader.Read(definition), source, options.Type), options);
    }

    /// <summary>
    /// DescribeStateMachine's <c>variableReferences</c>: for each state that reads workflow variables, the names it reads
    /// (without <c>$</c>, each once, in the order its fields read them), from JSONPath paths, intrinsic functions and
    /// JSONata expressions alike. A state that reads none has no entry; so does every state of a definition that
    /// cannot be read.
    /// </summary>
    /// <param name="definition">The ASL text.</param>
    /// <exception cref="ArgumentNullException">The definition is null.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> VariableReferences(string definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var json = JsonSyntaxReader.Parse(definition);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (AslDefinitionReader.Read(json).Definition is not { } model)
        {
            return result;
        }

        var validator = new DefinitionValidator(model, json.Source, StateMachineType.Standard, new List<AslDiagnostic>());
        validator.Run(json.Diagnostics);
        foreach (var pair in validator.VariableReferences())
        {
            result[pair.Key] = pair.Value.ToArray();
        }

        return result;
    }

    /// <summary>
    /// Every diagnostic of <paramref name="definition"/>, errors and warnings, untruncated, in source order: what the
    /// analyzer reports, except the errors marked <see cref="AslDiagnostic.IsFollowOnError"/>.
    /// </summary>
    public static IReadOnlyList<AslDiagnostic> Analyze(string definition, StateMachineType type = StateMachineType.Standard)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var json = JsonSyntaxReader.Parse(definition);
        return Analyze(AslDefinitionReader.Read(json), json.Source, type);
    }

    /// <summary>
    /// Every diagnostic of <paramref name="definition"/> as ValidateStateMachineDefinition reports it: those of
    /// <see cref="Analyze(string, StateMachineType)"/>, except that a JSON syntax error is worded and located as AWS's
    /// JSON reader (Jackson) words it (<see cref="JacksonSyntax"/>): <c>Unrecognized token 'not': ...\n at [Source:
    /// (String)"not a definition"; line: 1, column: 4]</c>, located at <c>[Source: ...]</c>.
    /// </summary>
    public static IReadOnlyList<AslDiagnostic> AnalyzeAsReported(string definition, StateMachineType type = StateMachineType.Standard)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var json = JsonSyntaxReader.Parse(definition);
        return AsReported(Analyze(AslDefinitionReader.Read(json), json.Source, type), json);
    }

    /// <summary>A fatal JSON syntax error reworded as Jackson words it, when Jackson finds it too; the rest as they are.</summary>
    private static IReadOnlyList<AslDiagnostic> AsReported(IReadOnlyList<AslDiagnostic> all, JsonParseResult json)
    {
        // Bytes that are not UTF-8 never reach AWS's reader (the request carrying the definition would not be JSON):
        // the reader's own words, naming the byte and its offset, are the only ones that describe them.
        if (json.Root is not null || json.FatalError?.Kind == JsonErrorKind.InvalidUtf8)
        {
            return all;
        }

        List<AslDiagnostic>? reported = null;
        for (var i = 0; i < all.Count; i++)
        {
            var diagnostic = all[i];
            if (diagnostic.Code == AslDiagnosticCodes.InvalidJsonDescription && JacksonSyntax.FindError(json.Source.Text) is { } jackson)
            {
                reported ??= new List<AslDiagnostic>(all);
                reported[i] = new AslDiagnostic(diagnostic.Code, jackson.FullMessage, diagnostic.Severity, jackson.Location, diagnostic.Span);
            }
        }

        return reported ?? all;
    }

    /// <summary>Every diagnostic of a definition the model reader has read (see <see cref="Analyze(string, StateMachineType)"/>).</summary>
    public static IReadOnlyList<AslDiagnostic> Analyze(AslParseResult parsed, SourceText? source, StateMachineType type = StateMachineType.Standard)
    {
        if (parsed is null)
        {
            throw new ArgumentNullException(nameof(parsed));
        }

        var diagnostics = new List<AslDiagnostic>();
        foreach (var diagnostic in parsed.Diagnostics)
        {
            // The model's own nesting bound is AWS's TOO_DEEPLY_NESTED.
            diagnostics.Add(diagnostic.Code == AslDiagnosticCodes.NestingTooDeep
                ? new AslDiagnostic(AslDiagnosticCodes.TooDeeplyNested, diagnostic.Message, diagnostic.Severity, diagnostic.Location, diagnostic.Span)
                : diagnostic);
        }

        if (parsed.Definition is { } definition)
        {
            var duplicates = parsed.JsonParseResult?.Diagnostics;
            new DefinitionValidator(definition, source, type, diagnostics).Run(duplicates);
        }

        diagnostics.Sort(CompareBySource);
        return diagnostics;
    }

    private static ValidationResult Select(IReadOnlyList<AslDiagnostic> all, ValidationOptions options)
    {
        var max = options.EffectiveMaxResults;
        var failed = false;
        var selected = new List<AslDiagnostic>();
        foreach (var diagnostic in all)
        {
            if (diagnostic.Severity == AslDiagnosticSeverity.Error)
            {
                failed = true;
                if (!(diagnostic.IsFollowOnError && options.LeaveOutFollowOnErrors))
                {
                    selected.Add(diagnostic);
                }
            }
        }

        if (options.Severity == AslDiagnosticSeverity.Warning)
        {
            foreach (var diagnostic in all)
            {
                if (diagnostic.Severity == AslDiagnosticSeverity.Warning)
                {
                    selected.Add(diagnostic);
                }
            }
        }

        var truncated = selected.Count > max;
        if (truncated)
        {
            selected.RemoveRange(max, selected.Count - max);
        }

        return new ValidationResult(failed ? ValidationResultCode.Fail : ValidationResultCode.Ok, selected.ToArray(), truncated);
    }

    private static int CompareBySource(AslDiagnostic a, AslDiagnostic b)
    {
        var byStart = a.Span.Start.CompareTo(b.Span.Start);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Code, b.Code);
    }
}
