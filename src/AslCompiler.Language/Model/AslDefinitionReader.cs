using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>Builds the immutable ASL model from text or from a JSON syntax tree. Never throws on bad input.</summary>
public static class AslDefinitionReader
{
    /// <summary>The message AWS gives when the definition is blank or not a JSON object.</summary>
    public const string NotAnObjectMessage = "Definition must be a valid JSON object";

    /// <summary>Reads a definition from its JSON text.</summary>
    public static AslParseResult Read(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Read(JsonSyntaxReader.Parse(text));
    }

    /// <summary>Builds the model from what the JSON reader read (its syntax errors become diagnostics).</summary>
    public static AslParseResult Read(JsonParseResult json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        var fatal = json.FatalError;
        if (fatal is not null || json.Root is null)
        {
            return new AslParseResult(null, json, null, new[] { FromJsonError(json, fatal) });
        }

        return Build(json.Root, json);
    }

    /// <summary>
    /// Builds the model from a JSON value, e.g. the <c>definition</c> member of a larger document.
    /// Node pointers stay those of the enclosing document; <see cref="StateMachineDefinition.LocationOf(JsonSyntaxNode)"/>
    /// gives locations relative to the definition.
    /// </summary>
    public static AslParseResult Read(JsonSyntaxNode root)
    {
        if (root is null)
        {
            throw new ArgumentNullException(nameof(root));
        }

        return Build(root, null);
    }

    private static AslParseResult Build(JsonSyntaxNode root, JsonParseResult? json)
    {
        if (root is not JsonObjectSyntax obj)
        {
            var diagnostic = new AslDiagnostic(
                AslDiagnosticCodes.SchemaValidationFailed, NotAnObjectMessage, AslDiagnosticSeverity.Error, null, root.Span);
            return new AslParseResult(null, json, root, new[] { diagnostic });
        }

        var topLevel = FieldReader.Enum(obj, "QueryLanguage", AslKeywords.ParseQueryLanguage);
        var context = new ModelBuildContext(topLevel is { } language && language != QueryLanguage.Unknown ? language : null);
        var definition = new StateMachineDefinition(obj, context);
        return new AslParseResult(definition, json, root, context.Diagnostics.ToArray());
    }

    private static AslDiagnostic FromJsonError(JsonParseResult json, JsonDiagnostic? error)
    {
        var text = json.Source.Text;
        if (error is null)
        {
            // No fatal error but no root either: cannot happen with JsonSyntaxReader, handled for safety.
            return new AslDiagnostic(
                AslDiagnosticCodes.InvalidJsonDescription, "The definition could not be read as JSON.", AslDiagnosticSeverity.Error, null, json.Source.GetSpan(0, 0));
        }

        if (error.Kind == JsonErrorKind.EmptyDocument)
        {
            // AWS: an empty definition is MISSING_DESCRIPTION; a blank one fails as "not a JSON object".
            return IsEmpty(text)
                ? new AslDiagnostic(AslDiagnosticCodes.MissingDescription, "The definition is empty.", AslDiagnosticSeverity.Error, null, error.Span)
                : new AslDiagnostic(AslDiagnosticCodes.SchemaValidationFailed, NotAnObjectMessage, AslDiagnosticSeverity.Error, null, error.Span);
        }

        return new AslDiagnostic(AslDiagnosticCodes.InvalidJsonDescription, error.Message, AslDiagnosticSeverity.Error, error.Pointer, error.Span);
    }

    private static bool IsEmpty(string text) => text.Length == 0 || (text.Length == 1 && text[0] == '\uFEFF');
}
