using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>What the model builder carries down the tree: the top-level query language, diagnostics and nesting depth.</summary>
internal sealed class ModelBuildContext
{
    /// <summary>
    /// How deeply Branches, ItemProcessors and Choice rules may nest. The builder recurses once per level;
    /// every level is at least one JSON level, and the JSON reader caps depth at 512 by default, so text read
    /// with the default reader never reaches this limit. It only guards trees read with a raised depth limit.
    /// </summary>
    public const int MaxNestingDepth = 512;

    private int _depth;

    public ModelBuildContext(QueryLanguage? topLevelQueryLanguage) => TopLevelQueryLanguage = topLevelQueryLanguage;

    /// <summary>The definition's own QueryLanguage, if it names a known one.</summary>
    public QueryLanguage? TopLevelQueryLanguage { get; }

    public List<AslDiagnostic> Diagnostics { get; } = new();

    /// <summary>Enters one nesting level; false (and a diagnostic) when too deep, in which case nothing below is modelled.</summary>
    public bool TryEnter(JsonSyntaxNode at)
    {
        if (_depth >= MaxNestingDepth)
        {
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "Branches, item processors and Choice rules nest more than {0} levels deep; the rest is not read.",
                MaxNestingDepth);
            Diagnostics.Add(new AslDiagnostic(AslDiagnosticCodes.NestingTooDeep, message, AslDiagnosticSeverity.Error, at.Pointer, at.Span));
            return false;
        }

        _depth++;
        return true;
    }

    public void Exit() => _depth--;
}
