using System;
using System.Collections;
using System.Collections.Generic;

namespace AslCompiler.Runtime.Json;

/// <summary>An immutable JSON array. Items are shared, never copied, by values built from it.</summary>
public sealed class JsonArrayValue : IReadOnlyList<JsonValue>, IEquatable<JsonArrayValue>
{
    private readonly JsonValue[] _items;
    private int _hash;

    /// <summary>
    /// The UTF-8 size of this array's JSON text as the payload check keeps it: 0 not computed yet, an upper bound plus
    /// one, or the exact size plus one, negated; see PayloadSize.
    /// </summary>
    internal int SizeBound { get; set; }

    /// <summary>
    /// This array's compact JSON text once it has been written (the array being immutable, it stays true), or null; see
    /// JsonValueWriter.
    /// </summary>
    internal string? Text { get; set; }

    private JsonArrayValue(JsonValue[] items)
    {
        _items = items;
        var deepest = 0;
        foreach (var item in items)
        {
            deepest = Math.Max(deepest, item.Depth);
        }

        Depth = deepest + 1;
    }

    /// <summary>How deeply the array nests: 1 plus the deepest item's <see cref="JsonValue.Depth"/> (kept, values being immutable).</summary>
    internal int Depth { get; }

    /// <summary>The empty array.</summary>
    public static JsonArrayValue Empty { get; } = new([]);

    /// <summary>The number of items.</summary>
    public int Count => _items.Length;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public JsonValue this[int index] => _items[index];

    /// <summary>The items.</summary>
    public ReadOnlySpan<JsonValue> AsSpan() => _items;

    /// <summary>Creates an array holding copies of the given items (undefined items become <c>null</c>).</summary>
    public static JsonArrayValue Create(params ReadOnlySpan<JsonValue> items)
    {
        if (items.IsEmpty)
        {
            return Empty;
        }

        var copy = items.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i].IsUndefined)
            {
                copy[i] = JsonValue.Null;
            }
        }

        return new JsonArrayValue(copy);
    }

    /// <summary>Creates an array of the given items.</summary>
    public static JsonArrayValue Create(IEnumerable<JsonValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Create(new List<JsonValue>(items).ToArray().AsSpan());
    }

    /// <summary>Takes ownership of <paramref name="items"/>: the caller must not change it afterwards, nor hold undefined items.</summary>
    internal static JsonArrayValue FromOwnedArray(JsonValue[] items) => items.Length == 0 ? Empty : new JsonArrayValue(items);

    /// <summary>A new array with <paramref name="item"/> at <paramref name="index"/>, sharing the other items.</summary>
    public JsonArrayValue SetItem(int index, JsonValue item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _items.Length);
        var copy = (JsonValue[])_items.Clone();
        copy[index] = item.IsUndefined ? JsonValue.Null : item;
        return new JsonArrayValue(copy);
    }

    /// <summary>A new array with <paramref name="item"/> appended.</summary>
    public JsonArrayValue Add(JsonValue item)
    {
        var copy = new JsonValue[_items.Length + 1];
        _items.CopyTo(copy, 0);
        copy[^1] = item.IsUndefined ? JsonValue.Null : item;
        return new JsonArrayValue(copy);
    }

    /// <summary>A new array of the items from <paramref name="start"/>, <paramref name="length"/> long.</summary>
    public JsonArrayValue Slice(int start, int length) =>
        start == 0 && length == _items.Length ? this : FromOwnedArray(_items.AsSpan(start, length).ToArray());

    /// <inheritdoc/>
    public IEnumerator<JsonValue> GetEnumerator() => ((IEnumerable<JsonValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Structural equality: same length and equal items in order.</summary>
    public bool Equals(JsonArrayValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonArrayValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            hash.Add(_items.Length);
            foreach (var item in _items)
            {
                hash.Add(item);
            }

            _hash = hash.ToHashCode() | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override string ToString() => JsonValue.FromArray(this).ToJsonString();
}
