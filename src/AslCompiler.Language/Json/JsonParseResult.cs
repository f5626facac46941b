using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Json;

/// <summary>What <see cref="JsonSyntaxReader"/> read: the value (unless a fatal error stopped it) and every problem found.</summary>
public sealed class JsonParseResult
{
    internal JsonParseResult(SourceText source, JsonSyntaxNode? root, IReadOnlyList<JsonDiagnostic> diagnostics)
    {
        Source = source;
        Root = root;
        Diagnostics = diagnostics;
    }

    /// <summary>The text that was read, with its line map.</summary>
    public SourceText Source { get; }

    /// <summary>The top-level value; <see langword="null"/> when a fatal error stopped reading.</summary>
    public JsonSyntaxNode? Root { get; }

    /// <summary>Every problem found, in source order.</summary>
    public IReadOnlyList<JsonDiagnostic> Diagnostics { get; }

    /// <summary>Whether the text is valid RFC 8259 JSON with no duplicate keys.</summary>
    public bool Success => Root is not null && Diagnostics.Count == 0;

    /// <summary>The fatal error that stopped reading, if any.</summary>
    public JsonDiagnostic? FatalError => Diagnostics.FirstOrDefault(d => d.IsFatal);
}
