using System;

namespace AslCompiler.Language.Json;

/// <summary>Settings of <see cref="JsonSyntaxReader"/>.</summary>
public sealed class JsonReaderOptions
{
    /// <summary>The default nesting limit.</summary>
    public const int DefaultMaxDepth = 512;

    private int _maxDepth = DefaultMaxDepth;

    /// <summary>The defaults: strict RFC 8259, depth limit <see cref="DefaultMaxDepth"/>.</summary>
    public static JsonReaderOptions Default { get; } = new();

    /// <summary>
    /// How deeply objects and arrays may nest (the root container is depth 1). Deeper input gives a
    /// <see cref="JsonErrorKind.TooDeep"/> error. The reader never recurses, so any positive value is safe.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        set => _maxDepth = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxDepth must be positive.");
    }
}
