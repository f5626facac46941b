using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Json;

/// <summary>The kind of a JSON value.</summary>
public enum JsonSyntaxKind
{
    /// <summary>An object: <c>{ ... }</c>.</summary>
    Object,

    /// <summary>An array: <c>[ ... ]</c>.</summary>
    Array,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>
/// A JSON value read from source text, immutable, that knows where it came from:
/// its JSON Pointer (RFC 6901) inside the document and its span in the text.
/// </summary>
public abstract class JsonSyntaxNode
{
    private JsonSyntaxNode? _parent;
    private string? _propertyName;
    private int _index = -1;
    private string? _pointer;

    private protected JsonSyntaxNode(SourceSpan span) => Span = span;

    /// <summary>The kind of value.</summary>
    public abstract JsonSyntaxKind Kind { get; }

    /// <summary>Where the value is in the source text.</summary>
    public SourceSpan Span { get; }

    /// <summary>The object or array holding this value; <see langword="null"/> for the root.</summary>
    public JsonSyntaxNode? Parent => _parent;

    /// <summary>The member name under which the parent object holds this value, if the parent is an object.</summary>
    public string? PropertyName => _propertyName;

    /// <summary>The index at which the parent array holds this value, or -1.</summary>
    public int Index => _index;

    /// <summary>Nesting depth: 0 for the root.</summary>
    public int Depth
    {
        get
        {
            var depth = 0;
            for (var node = _parent; node is not null; node = node._parent)
            {
                depth++;
            }

            return depth;
        }
    }

    /// <summary>The RFC 6901 JSON Pointer of this value (empty for the root), e.g. <c>/States/Fail/ErrorPath</c>.</summary>
    public string Pointer => _pointer ??= ComputePointer();

    /// <summary>A short name for the kind, as messages use it: object, array, string, number, boolean, null.</summary>
    public string KindName => KindDisplayName(Kind);

    /// <summary>The value as compact JSON text (numbers keep their source spelling).</summary>
    public string ToJsonString() => JsonSyntaxWriter.Write(this, indented: false);

    /// <summary>The value as indented JSON text (numbers keep their source spelling).</summary>
    public string ToIndentedJsonString() => JsonSyntaxWriter.Write(this, indented: true);

    /// <summary>Compact JSON text of the value.</summary>
    public override string ToString() => ToJsonString();

    /// <summary>Structural equality: same kinds, same strings, numerically equal numbers, same members in the same order.</summary>
    public bool DeepEquals(JsonSyntaxNode? other) => JsonSyntaxEquality.DeepEquals(this, other);

    /// <summary>The display name of a kind.</summary>
    public static string KindDisplayName(JsonSyntaxKind kind) => kind switch
    {
        JsonSyntaxKind.Object => "object",
        JsonSyntaxKind.Array => "array",
        JsonSyntaxKind.Text => "string",
        JsonSyntaxKind.Number => "number",
        JsonSyntaxKind.Boolean => "boolean",
        _ => "null",
    };

    internal void Attach(JsonSyntaxNode parent, string? propertyName, int index)
    {
        _parent = parent;
        _propertyName = propertyName;
        _index = index;
    }

    private string ComputePointer()
    {
        if (_parent is null)
        {
            return string.Empty;
        }

        var segment = _propertyName is not null
            ? JsonPointer.Escape(_propertyName)
            : _index.ToString(CultureInfo.InvariantCulture);
        return _parent.Pointer + "/" + segment;
    }
}

/// <summary>A JSON object: an ordered list of members, duplicates included (lookups find the last, as Jackson does).</summary>
public sealed class JsonObjectSyntax : JsonSyntaxNode
{
    private const int IndexThreshold = 8;
    private readonly JsonPropertySyntax[] _properties;
    private Dictionary<string, JsonPropertySyntax>? _index;

    internal JsonObjectSyntax(SourceSpan span, JsonPropertySyntax[] properties)
        : base(span)
    {
        _properties = properties;
        for (var i = 0; i < properties.Length; i++)
        {
            properties[i].Value.Attach(this, properties[i].Name, -1);
        }
    }

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Object;

    /// <summary>The members in source order.</summary>
    public IReadOnlyList<JsonPropertySyntax> Properties => _properties;

    /// <summary>Number of members.</summary>
    public int Count => _properties.Length;

    /// <summary>The value of member <paramref name="name"/>, or <see langword="null"/> when absent.</summary>
    public JsonSyntaxNode? this[string name] => TryGetProperty(name, out var property) ? property.Value : null;

    /// <summary>Whether a member named <paramref name="name"/> exists.</summary>
    public bool ContainsKey(string name) => TryGetProperty(name, out _);

    /// <summary>Finds member <paramref name="name"/> (the last one when the name is duplicated).</summary>
    public bool TryGetProperty(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonPropertySyntax? property)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (_properties.Length > IndexThreshold)
        {
            var index = _index ??= BuildIndex(_properties);
            return index.TryGetValue(name, out property);
        }

        for (var i = _properties.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_properties[i].Name, name, StringComparison.Ordinal))
            {
                property = _properties[i];
                return true;
            }
        }

        property = null;
        return false;
    }

    private static Dictionary<string, JsonPropertySyntax> BuildIndex(JsonPropertySyntax[] properties)
    {
        var index = new Dictionary<string, JsonPropertySyntax>(properties.Length, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            index[property.Name] = property;
        }

        return index;
    }
}

/// <summary>One member of a JSON object: its name, where the name is, and its value.</summary>
public sealed class JsonPropertySyntax
{
    internal JsonPropertySyntax(string name, SourceSpan nameSpan, JsonSyntaxNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    /// <summary>The member name, unescaped.</summary>
    public string Name { get; }

    /// <summary>Where the name (with its quotes) is in the source.</summary>
    public SourceSpan NameSpan { get; }

    /// <summary>The member value.</summary>
    public JsonSyntaxNode Value { get; }

    /// <summary>From the start of the name to the end of the value.</summary>
    public SourceSpan Span => new(NameSpan.Start, Value.Span.End, NameSpan.StartLine, NameSpan.StartColumn, Value.Span.EndLine, Value.Span.EndColumn);

    /// <summary>The JSON Pointer of the member value.</summary>
    public string Pointer => Value.Pointer;

    /// <inheritdoc/>
    public override string ToString() => JsonSyntaxWriter.QuoteString(Name) + ":" + Value.ToJsonString();
}

/// <summary>A JSON array.</summary>
public sealed class JsonArraySyntax : JsonSyntaxNode
{
    private readonly JsonSyntaxNode[] _items;

    internal JsonArraySyntax(SourceSpan span, JsonSyntaxNode[] items)
        : base(span)
    {
        _items = items;
        for (var i = 0; i < items.Length; i++)
        {
            items[i].Attach(this, null, i);
        }
    }

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Array;

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<JsonSyntaxNode> Items => _items;

    /// <summary>Number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public JsonSyntaxNode this[int index] => _items[index];
}

/// <summary>A JSON string.</summary>
public sealed class JsonStringSyntax : JsonSyntaxNode
{
    private readonly string? _source;

    internal JsonStringSyntax(SourceSpan span, string value, string? sourceWhenEscaped)
        : base(span)
    {
        Value = value;
        _source = sourceWhenEscaped;
    }

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Text;

    /// <summary>The string value, escapes resolved.</summary>
    public string Value { get; }

    /// <summary>Whether the source spelled the string with escape sequences.</summary>
    public bool HasEscapes => _source is not null;

    /// <summary>
    /// The source offset of the character at <paramref name="index"/> of <see cref="Value"/>
    /// (or of the closing quote when <paramref name="index"/> equals the length), so errors found
    /// inside a string (a bad path, a bad expression) can point at the exact character.
    /// </summary>
    public int GetSourceOffset(int index)
    {
        if (index < 0 || index > Value.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        var start = Span.Start + 1;
        if (_source is null)
        {
            return start + index;
        }

        // Walk the raw text (between the quotes), counting decoded UTF-16 units.
        var produced = 0;
        var i = 0;
        while (i < _source.Length && produced < index)
        {
            if (_source[i] == '\\')
            {
                i += _source[i + 1] == 'u' ? 6 : 2;
            }
            else
            {
                i++;
            }

            produced++;
        }

        return start + i;
    }
}

/// <summary>A JSON number. The source spelling is kept, so nothing is lost to floating point.</summary>
public sealed class JsonNumberSyntax : JsonSyntaxNode
{
    internal JsonNumberSyntax(SourceSpan span, string text, bool isInteger)
        : base(span)
    {
        Text = text;
        IsInteger = isInteger;
    }

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Number;

    /// <summary>The number as spelled in the source, e.g. <c>-1.5e3</c>.</summary>
    public string Text { get; }

    /// <summary>Whether the spelling has neither a fraction nor an exponent.</summary>
    public bool IsInteger { get; }

    /// <summary>The value as the nearest double (±infinity when out of range).</summary>
    public double Value => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as a 64-bit integer, when it has an integer spelling and fits.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return IsInteger && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The value as a 32-bit integer, when it has an integer spelling and fits.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        return IsInteger && int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The value as a decimal, when it fits.</summary>
    public bool TryGetDecimal(out decimal value) =>
        decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

/// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
public sealed class JsonBooleanSyntax : JsonSyntaxNode
{
    internal JsonBooleanSyntax(SourceSpan span, bool value)
        : base(span) => Value = value;

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Boolean;

    /// <summary>The value.</summary>
    public bool Value { get; }
}

/// <summary>A JSON <c>null</c>.</summary>
public sealed class JsonNullSyntax : JsonSyntaxNode
{
    internal JsonNullSyntax(SourceSpan span)
        : base(span)
    {
    }

    /// <inheritdoc/>
    public override JsonSyntaxKind Kind => JsonSyntaxKind.Null;
}
