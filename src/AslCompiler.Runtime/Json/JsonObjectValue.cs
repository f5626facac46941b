using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace AslCompiler.Runtime.Json;

/// <summary>
/// An immutable JSON object whose members keep their insertion order. Lookup is a linear scan for small
/// objects; larger ones build a name index on first lookup. "Setting" a member returns a new object that shares
/// every other member's value.
/// </summary>
public sealed class JsonObjectValue : IReadOnlyList<KeyValuePair<string, JsonValue>>, IEquatable<JsonObjectValue>
{
    private const int IndexThreshold = 8;

    private readonly KeyValuePair<string, JsonValue>[] _members;
    private Dictionary<string, int>? _index;
    private int _hash;

    /// <summary>
    /// The UTF-8 size of this object's JSON text as the payload check keeps it: 0 not computed yet, an upper bound plus
    /// one, or the exact size plus one, negated; see PayloadSize.
    /// </summary>
    internal int SizeBound { get; set; }

    /// <summary>
    /// This object's compact JSON text once it has been written (the object being immutable, it stays true), or null; see
    /// JsonValueWriter.
    /// </summary>
    internal string? Text { get; set; }

    private JsonObjectValue(KeyValuePair<string, JsonValue>[] members)
    {
        _members = members;
        var deepest = 0;
        foreach (var member in members)
        {
            deepest = Math.Max(deepest, member.Value.Depth);
        }

        Depth = deepest + 1;
    }

    /// <summary>How deeply the object nests: 1 plus the deepest member's <see cref="JsonValue.Depth"/> (kept, values being immutable).</summary>
    internal int Depth { get; }

    /// <summary>The empty object.</summary>
    public static JsonObjectValue Empty { get; } = new([]);

    /// <summary>The number of members.</summary>
    public int Count => _members.Length;

    /// <summary>The member at a position (insertion order).</summary>
    public KeyValuePair<string, JsonValue> this[int index] => _members[index];

    /// <summary>The value of the named member, or <see cref="JsonValue.Undefined"/>.</summary>
    public JsonValue this[string name] => TryGetValue(name, out var value) ? value : default;

    /// <summary>The members in insertion order.</summary>
    public ReadOnlySpan<KeyValuePair<string, JsonValue>> AsSpan() => _members;

    /// <summary>The member names in order.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            foreach (var member in _members)
            {
                yield return member.Key;
            }
        }
    }

    /// <summary>
    /// Creates an object of the given members. A repeated name keeps the position of its first occurrence and
    /// the value of its last (as Jackson reads objects); undefined values drop the member.
    /// </summary>
    public static JsonObjectValue Create(params ReadOnlySpan<KeyValuePair<string, JsonValue>> members)
    {
        if (members.IsEmpty)
        {
            return Empty;
        }

        if (members.Length <= IndexThreshold && AreDistinctAndDefined(members))
        {
            // The usual case (a handful of distinct names, all values defined): one array, no builder.
            return new JsonObjectValue(members.ToArray());
        }

        var builder = new JsonObjectBuilder(members.Length);
        foreach (var member in members)
        {
            builder.Set(member.Key, member.Value);
        }

        return builder.ToObject();
    }

    private static bool AreDistinctAndDefined(ReadOnlySpan<KeyValuePair<string, JsonValue>> members)
    {
        for (var i = 0; i < members.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(members[i].Key, "name");
            if (members[i].Value.IsUndefined)
            {
                return false;
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(members[i].Key, members[j].Key, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Takes ownership of <paramref name="members"/>: names must be distinct and values defined.</summary>
    internal static JsonObjectValue FromOwnedArray(KeyValuePair<string, JsonValue>[] members) =>
        members.Length == 0 ? Empty : new JsonObjectValue(members);

    /// <summary>Whether the object has a member with this name.</summary>
    public bool ContainsKey(string name) => IndexOf(name) >= 0;

    /// <summary>The value of the named member.</summary>
    public bool TryGetValue(string name, out JsonValue value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _members[i].Value : default;
        return i >= 0;
    }

    /// <summary>The position of the named member, or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var members = _members;
        if (members.Length <= IndexThreshold)
        {
            for (var i = 0; i < members.Length; i++)
            {
                if (string.Equals(members[i].Key, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var index = _index ?? BuildIndex();
        return index.TryGetValue(name, out var position) ? position : -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_members.Length, StringComparer.Ordinal);
        for (var i = 0; i < _members.Length; i++)
        {
            index[_members[i].Key] = i;
        }

        // Benign race: two threads may both build the same index; either result is correct.
        Interlocked.CompareExchange(ref _index, index, null);
        return _index!;
    }

    /// <summary>
    /// A new object with the member set: replaced in place when present, appended otherwise. Setting
    /// <see cref="JsonValue.Undefined"/> removes it. Other members' values are shared.
    /// </summary>
    public JsonObjectValue SetItem(string name, JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value.IsUndefined)
        {
            return Remove(name);
        }

        var i = IndexOf(name);
        KeyValuePair<string, JsonValue>[] copy;
        if (i >= 0)
        {
            copy = (KeyValuePair<string, JsonValue>[])_members.Clone();
            copy[i] = new(name, value);
        }
        else
        {
            copy = new KeyValuePair<string, JsonValue>[_members.Length + 1];
            _members.CopyTo(copy, 0);
            copy[^1] = new(name, value);
        }

        return new JsonObjectValue(copy);
    }

    /// <summary>A new object without the named member (this object when it has none).</summary>
    public JsonObjectValue Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            return this;
        }

        var copy = new KeyValuePair<string, JsonValue>[_members.Length - 1];
        Array.Copy(_members, 0, copy, 0, i);
        Array.Copy(_members, i + 1, copy, i, _members.Length - i - 1);
        return FromOwnedArray(copy);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, JsonValue>>)_members).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Structural equality: the same names with equal values, in any order (JSON objects are unordered).</summary>
    public bool Equals(JsonObjectValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._members.Length != _members.Length)
        {
            return false;
        }

        for (var i = 0; i < _members.Length; i++)
        {
            var member = _members[i];
            var otherMember = other._members[i];
            if (string.Equals(member.Key, otherMember.Key, StringComparison.Ordinal))
            {
                if (!member.Value.Equals(otherMember.Value))
                {
                    return false;
                }
            }
            else if (!other.TryGetValue(member.Key, out var value) || !member.Value.Equals(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonObjectValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            // Order-independent: a sum of member hashes.
            var hash = _members.Length;
            foreach (var member in _members)
            {
                hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(member.Key), member.Value);
            }

            _hash = hash | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override string ToString() => JsonValue.FromObject(this).ToJsonString();
}

/// <summary>Builds a <see cref="JsonObjectValue"/>: members in insertion order, a repeated name replaces the value in place.</summary>
public sealed class JsonObjectBuilder
{
    private KeyValuePair<string, JsonValue>[] _members;
    private int _count;
    private Dictionary<string, int>? _index;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> members.</summary>
    public JsonObjectBuilder(int capacity = 4) => _members = new KeyValuePair<string, JsonValue>[Math.Max(capacity, 1)];

    /// <summary>The number of members so far.</summary>
    public int Count => _count;

    /// <summary>Sets a member (undefined values are ignored).</summary>
    public JsonObjectBuilder Set(string name, JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value.IsUndefined)
        {
            return this;
        }

        var existing = Find(name);
        if (existing >= 0)
        {
            _members[existing] = new(name, value);
            return this;
        }

        if (_count == _members.Length)
        {
            Array.Resize(ref _members, _count * 2);
        }

        _index?.Add(name, _count);
        _members[_count++] = new(name, value);
        if (_index is null && _count > 16)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                _index[_members[i].Key] = i;
            }
        }

        return this;
    }

    private int Find(string name)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(name, out var i) ? i : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_members[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The object built so far (the builder can keep going; the object does not change).</summary>
    public JsonObjectValue ToObject() =>
        _count == 0 ? JsonObjectValue.Empty : JsonObjectValue.FromOwnedArray(_members.AsSpan(0, _count).ToArray());
}
