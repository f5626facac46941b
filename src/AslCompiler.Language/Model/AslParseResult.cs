using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>What <see cref="AslDefinitionReader"/> read: the model (unless the text is not a JSON object) and the problems found.</summary>
public sealed class AslParseResult
{
    internal AslParseResult(StateMachineDefinition? definition, JsonParseResult? jsonParseResult, JsonSyntaxNode? root, IReadOnlyList<AslDiagnostic> diagnostics)
    {
        Definition = definition;
        JsonParseResult = jsonParseResult;
        Root = root;
        Diagnostics = diagnostics;
    }

    /// <summary>The model; <see langword="null"/> only when the JSON is unreadable or its root is not an object.</summary>
    public StateMachineDefinition? Definition { get; }

    /// <summary>The JSON reader's result, or <see langword="null"/> when the model was built from a syntax node.</summary>
    public JsonParseResult? JsonParseResult { get; }

    /// <summary>The JSON value the definition was read from, if the JSON was readable.</summary>
    public JsonSyntaxNode? Root { get; }

    /// <summary>
    /// JSON syntax errors (<c>INVALID_JSON_DESCRIPTION</c>), empty text (<c>MISSING_DESCRIPTION</c>), a root that is not
    /// an object (<c>SCHEMA_VALIDATION_FAILED</c>). Schema and semantic checks are the validator's job.
    /// Duplicate keys are not reported here: the model keeps them visible and the validator judges them.
    /// </summary>
    public IReadOnlyList<AslDiagnostic> Diagnostics { get; }

    /// <summary>Whether a model was built and no diagnostic is an error.</summary>
    public bool Success => Definition is not null && Diagnostics.All(d => d.Severity != AslDiagnosticSeverity.Error);
}
