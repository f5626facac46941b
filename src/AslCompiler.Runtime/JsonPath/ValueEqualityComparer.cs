using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// <see cref="JsonValue"/>'s equality for one call of <c>States.ArrayUnique</c> or <c>States.ArrayContains</c>, in time
/// that grows with the distinct parts of the values rather than with how often they repeat. Two equal arrays or
/// objects that are not the same instance are compared whole each time
/// they meet (<c>States.Array($.p, $.q, $.p, ...)</c> of two equal objects, or the same long string read twice). Here the
/// hash of each array, object and long string is kept by reference, and an array, object or
/// long string found equal to another is remembered as that one, so a later comparison of either is a lookup.
/// </summary>
internal sealed class ValueEqualityComparer : IEqualityComparer<JsonValue>
{
    /// <summary>Strings shorter than this cost less to hash or compare than to look up: their hashes are not kept.</summary>
    public const int KeptStringLength = 256;

    // Made when first needed: most calls compare numbers and short strings only.
    private Dictionary<object, int>? _hashes;

    // An array, object or long string found equal to an earlier one, mapped to that one.
    private Dictionary<object, object>? _same;

    /// <inheritdoc/>
    public bool Equals(JsonValue x, JsonValue y)
    {
        if (x.Kind != y.Kind)
        {
            return false;
        }

        switch (x.Kind)
        {
            case JsonKind.Number:
                return JsonValue.CompareNumbers(x, y) == 0;
            case JsonKind.String:
                var s = x.GetString();
                var t = y.GetString();
                if (s.Length < KeptStringLength || s.Length != t.Length)
                {
                    return string.Equals(s, t, StringComparison.Ordinal);
                }

                return ReferenceEquals(s, t) || Remembered(s, t) ||
                    (GetHashCode(x) == GetHashCode(y) && string.Equals(s, t, StringComparison.Ordinal) && Remember(s, t));
            case JsonKind.Array:
            case JsonKind.Object:
                return ContainersEqual(x, y);
            default:
                return x.Equals(y);
        }
    }

    /// <inheritdoc/>
    public int GetHashCode(JsonValue obj)
    {
        switch (obj.Kind)
        {
            case JsonKind.Number:
                return obj.GetHashCode(); // exact for integers
            case JsonKind.String:
                var s = obj.GetString();
                if (s.Length < KeptStringLength)
                {
                    return StringComparer.Ordinal.GetHashCode(s);
                }

                _hashes ??= new(ReferenceEqualityComparer.Instance);
                if (!_hashes.TryGetValue(s, out var stringHash))
                {
                    stringHash = StringComparer.Ordinal.GetHashCode(s);
                    _hashes[s] = stringHash;
                }

                return stringHash;
            case JsonKind.Array:
            {
                var array = obj.GetArray();
                _hashes ??= new(ReferenceEqualityComparer.Instance);
                if (!_hashes.TryGetValue(array, out var hash))
                {
                    var combined = new HashCode();
                    combined.Add(array.Count);
                    foreach (var item in array.AsSpan())
                    {
                        combined.Add(GetHashCode(item));
                    }

                    hash = combined.ToHashCode();
                    _hashes[array] = hash;
                }

                return hash;
            }

            case JsonKind.Object:
            {
                var members = obj.GetObject();
                _hashes ??= new(ReferenceEqualityComparer.Instance);
                if (!_hashes.TryGetValue(members, out var hash))
                {
                    // Order-independent, as objects compare.
                    hash = members.Count;
                    foreach (var member in members.AsSpan())
                    {
                        hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(member.Key), GetHashCode(member.Value));
                    }

                    _hashes[members] = hash;
                }

                return hash;
            }

            default:
                return obj.GetHashCode();
        }
    }

    private bool ContainersEqual(JsonValue x, JsonValue y)
    {
        object a = x.Kind == JsonKind.Array ? x.GetArray() : x.GetObject();
        object b = y.Kind == JsonKind.Array ? y.GetArray() : y.GetObject();
        if (ReferenceEquals(a, b) || Remembered(a, b))
        {
            return true;
        }

        if (x.Depth != y.Depth || GetHashCode(x) != GetHashCode(y))
        {
            return false;
        }

        if (x.Kind == JsonKind.Array)
        {
            var left = x.GetArray().AsSpan();
            var right = y.GetArray().AsSpan();
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (!Equals(left[i], right[i]))
                {
                    return false;
                }
            }

            return Remember(a, b);
        }

        var l = x.GetObject();
        var r = y.GetObject();
        if (l.Count != r.Count)
        {
            return false;
        }

        for (var i = 0; i < l.Count; i++)
        {
            // Members in the same order are the usual case; else looked up by name.
            var member = l[i];
            var other = r[i].Value;
            if ((!string.Equals(member.Key, r[i].Key, StringComparison.Ordinal) && !r.TryGetValue(member.Key, out other)) || !Equals(member.Value, other))
            {
                return false;
            }
        }

        return Remember(a, b);
    }

    // The one a value stands for: the end of its chain of values found equal (halved on the way, so chains stay short).
    private object Representative(object value)
    {
        while (_same is not null && _same.TryGetValue(value, out var next))
        {
            if (!_same.TryGetValue(next, out var after))
            {
                return next;
            }

            _same[value] = after;
            value = after;
        }

        return value;
    }

    private bool Remembered(object a, object b) => _same is not null && ReferenceEquals(Representative(a), Representative(b));

    // a and b were found equal: both stand for one value from now on. True, for the caller's result.
    private bool Remember(object a, object b)
    {
        var first = Representative(a);
        var second = Representative(b);
        if (!ReferenceEquals(first, second))
        {
            (_same ??= new(ReferenceEqualityComparer.Instance))[second] = first;
        }

        return true;
    }
}
