using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Validation;

/// <summary>
/// Runs every rule over one definition and collects the diagnostics. One instance per validation; the rules
/// live in the partial files next to this one (states, graph, Choice, error handling, Map, expressions).
/// </summary>
internal sealed partial class DefinitionValidator
{
    /// <summary>Our bound on Parallel/Map nesting (AWS publishes none); deeper graphs are TOO_DEEPLY_NESTED.</summary>
    internal const int MaxGraphDepth = 64;

    private readonly StateMachineDefinition _definition;
    private readonly SourceText? _source;
    private readonly StateMachineType _type;
    private readonly List<AslDiagnostic> _diagnostics;

    public DefinitionValidator(StateMachineDefinition definition, SourceText? source, StateMachineType type, List<AslDiagnostic> diagnostics)
    {
        _definition = definition;
        _source = source;
        _type = type;
        _diagnostics = diagnostics;
    }

    private bool TopLevelIsJsonata => _definition.QueryLanguage == QueryLanguage.Jsonata;

    public void Run(IReadOnlyList<JsonDiagnostic>? jsonDiagnostics)
    {
        ReportDuplicateKeys(jsonDiagnostics);
        ValidateRoot();
        ValidateGraph(_definition, depth: 0);
        ValidateStateNames();
        ValidateLabels();
        ValidateVariables();
    }

    // ----- reporting -----

    private void Error(string code, string message, JsonSyntaxNode locationNode, SourceSpan span, string? detail = null) =>
        _diagnostics.Add(new AslDiagnostic(code, message, AslDiagnosticSeverity.Error, _definition.LocationOf(locationNode), span) { Detail = detail });

    private void Warning(string code, string message, JsonSyntaxNode locationNode, SourceSpan span) =>
        _diagnostics.Add(new AslDiagnostic(code, message, AslDiagnosticSeverity.Warning, _definition.LocationOf(locationNode), span));

    /// <summary>SCHEMA_VALIDATION_FAILED on a field's value (location = the value).</summary>
    private void Schema(JsonPropertySyntax property, string message) =>
        Error(AslDiagnosticCodes.SchemaValidationFailed, message, property.Value, property.Value.Span);

    /// <summary>SCHEMA_VALIDATION_FAILED about an object as a whole (location = the object; span = its name or opening brace).</summary>
    private void SchemaOn(JsonObjectSyntax obj, string message) =>
        Error(AslDiagnosticCodes.SchemaValidationFailed, message, obj, HeadSpan(obj));

    /// <summary>The span that stands for an object: the member name that holds it, else its opening brace.</summary>
    private static SourceSpan HeadSpan(JsonSyntaxNode node)
    {
        if (node.Parent is JsonObjectSyntax parent)
        {
            foreach (var property in parent.Properties)
            {
                if (ReferenceEquals(property.Value, node))
                {
                    return property.NameSpan;
                }
            }
        }

        var span = node.Span;
        return span.Length == 0
            ? span
            : new SourceSpan(span.Start, span.Start + 1, span.StartLine, span.StartColumn, span.StartLine, span.StartColumn + 1);
    }

    /// <summary>The span of characters <paramref name="start"/>..<paramref name="end"/> of a string value, or the whole string.</summary>
    private SourceSpan InnerSpan(JsonStringSyntax text, int start, int end)
    {
        if (_source is null || start < 0 || end > text.Value.Length || start > end)
        {
            return text.Span;
        }

        var from = text.GetSourceOffset(start);
        var to = Math.Max(text.GetSourceOffset(end), from);
        return from >= 0 && to <= _source.Length ? _source.GetSpan(from, to) : text.Span;
    }

    // ----- JSON-level -----

    private void ReportDuplicateKeys(IReadOnlyList<JsonDiagnostic>? jsonDiagnostics)
    {
        if (jsonDiagnostics is null)
        {
            return;
        }

        foreach (var duplicate in jsonDiagnostics)
        {
            if (duplicate.Kind != JsonErrorKind.DuplicateKey)
            {
                continue;
            }

            var location = duplicate.Pointer.Length == 0 ? "/" : duplicate.Pointer;
            _diagnostics.Add(new AslDiagnostic(AslDiagnosticCodes.OfDuplicateKey(duplicate.Pointer), duplicate.Message, AslDiagnosticSeverity.Error, location, duplicate.Span));
        }
    }

    // ----- field helpers -----

    private static string Describe(JsonSyntaxNode node) => node.KindName;

    /// <summary>Reports each unsupported field of <paramref name="node"/> (AWS: "Field 'X' is not supported" at the object).</summary>
    private void ReportUnknownFields(AslNode node)
    {
        foreach (var field in node.UnknownFields)
        {
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                string.Format(CultureInfo.InvariantCulture, "Field '{0}' is not supported", field.Name),
                node.Syntax,
                field.NameSpan);
        }
    }

    private void RequireFields(JsonObjectSyntax obj, params string[] names)
    {
        List<string>? missing = null;
        foreach (var name in names)
        {
            if (!obj.ContainsKey(name))
            {
                (missing ??= new List<string>()).Add(name);
            }
        }

        if (missing is not null)
        {
            SchemaOn(obj, "These fields are required: [" + string.Join(", ", missing) + "]");
        }
    }

    private JsonStringSyntax? ExpectString(JsonObjectSyntax obj, string name, bool nonEmpty = false)
    {
        if (!obj.TryGetProperty(name, out var property))
        {
            return null;
        }

        if (property.Value is not JsonStringSyntax text)
        {
            Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be a string, not {1}", name, Describe(property.Value)));
            return null;
        }

        if (nonEmpty && text.Value.Length == 0)
        {
            Schema(property, "Value cannot be empty");
        }

        return text;
    }

    private void ExpectBoolean(JsonObjectSyntax obj, string name)
    {
        if (obj.TryGetProperty(name, out var property) && property.Value is not JsonBooleanSyntax)
        {
            Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be a boolean, not {1}", name, Describe(property.Value)));
        }
    }

    private JsonObjectSyntax? ExpectObject(JsonObjectSyntax obj, string name)
    {
        if (!obj.TryGetProperty(name, out var property))
        {
            return null;
        }

        if (property.Value is JsonObjectSyntax value)
        {
            return value;
        }

        Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be an object, not {1}", name, Describe(property.Value)));
        return null;
    }

    private void ExpectEnum(JsonObjectSyntax obj, string name, params string[] allowed)
    {
        if (ExpectString(obj, name) is { } text && Array.IndexOf(allowed, text.Value) < 0)
        {
            Schema(
                obj.TryGetProperty(name, out var property) ? property : throw new InvalidOperationException(),
                string.Format(CultureInfo.InvariantCulture, "The field '{0}' should have one of these values: [{1}]", name, string.Join(", ", allowed)));
        }
    }

    /// <summary>
    /// An integer field with bounds; in a JSONata state a <c>{% %}</c> expression is accepted too (checked as JSONata).
    /// </summary>
    private void ExpectInteger(JsonObjectSyntax obj, string name, long min, long max, bool jsonata)
    {
        if (!obj.TryGetProperty(name, out var property))
        {
            return;
        }

        if (jsonata && property.Value is JsonStringSyntax text && AslKeywords.IsJsonataExpression(text.Value))
        {
            CheckJsonataString(text);
            return;
        }

        if (property.Value is not JsonNumberSyntax number || !IsIntegral(number, out var value))
        {
            Schema(property, string.Format(
                CultureInfo.InvariantCulture,
                jsonata ? "The field '{0}' must be an integer or a JSONata expression, not {1}" : "The field '{0}' must be an integer, not {1}",
                name,
                Describe(property.Value)));
            return;
        }

        if (value < min || value > max)
        {
            Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be between {1} and {2}", name, min, max));
        }
    }

    private static bool IsIntegral(JsonNumberSyntax number, out long value)
    {
        if (number.TryGetInt64(out value))
        {
            return true;
        }

        // 1.0 and 1e2 are integral values; AWS reads numbers as numbers, not spellings.
        if (number.TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        if (!number.TryGetDecimal(out _))
        {
            // Too large for decimal: integral, far out of any range.
            var asDouble = number.Value;
            if (!double.IsInfinity(asDouble) && Math.Floor(asDouble) == asDouble)
            {
                value = asDouble > 0 ? long.MaxValue : long.MinValue;
                return true;
            }
        }

        return false;
    }

    private void ExclusiveFields(JsonObjectSyntax obj, string first, string second)
    {
        if (obj.ContainsKey(first) && obj.TryGetProperty(second, out var property))
        {
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                string.Format(CultureInfo.InvariantCulture, "You cannot set both '{0}' and '{1}' at the same time", first, second),
                obj,
                property.NameSpan);
        }
    }

    private static bool IsJsonata(State state) => state.EffectiveQueryLanguage == QueryLanguage.Jsonata;
}
