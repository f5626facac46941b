using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// JSONata's deep equality (<see cref="JsonataEvaluator.DeepEquals"/>) as an equality comparer, so <c>$distinct</c>
/// can use a hash set instead of comparing each item with every kept one. The hash reads a bounded part of a value
/// (three levels, the first items of an array, the keys and plain member values of an object): values that share
/// parts can stand for huge trees, and equal values agree on any part read the same way.
/// </summary>
internal sealed class JsonataDeepEquality : IEqualityComparer<object?>
{
    /// <summary>The comparer.</summary>
    public static readonly JsonataDeepEquality Instance = new();

    private const int HashedLevels = 3;
    private const int HashedArrayItems = 8;
    private const int ArrayTag = 0x5A17;
    private const int ObjectTag = 0x0B1E;

    private JsonataDeepEquality()
    {
    }

    /// <inheritdoc/>
    public new bool Equals(object? x, object? y) => JsonataEvaluator.DeepEquals(x, y);

    /// <inheritdoc/>
    public int GetHashCode(object? obj) => Hash(obj, HashedLevels);

    private static int Hash(object? value, int levels)
    {
        switch (value)
        {
            case null:
                return 0;
            case double d:
                // 0 and -0 are equal numbers.
                return d == 0 ? 0 : d.GetHashCode();
            case string s:
                return s.GetHashCode(StringComparison.Ordinal);
            case bool b:
                return b ? 1 : 2;
            case JsonataArray array:
                var hash = new HashCode();
                hash.Add(ArrayTag);
                hash.Add(array.Count);
                if (levels > 1)
                {
                    for (var i = 0; i < array.Count && i < HashedArrayItems; i++)
                    {
                        hash.Add(Hash(array[i], levels - 1));
                    }
                }

                return hash.ToHashCode();
            case JsonObjectValue o:
                {
                    // Key order does not matter to equality: members are summed.
                    var sum = ObjectTag + o.Count;
                    foreach (var member in o.AsSpan())
                    {
                        sum += MemberHash(member.Key, PlainHash(member.Value));
                    }

                    return sum;
                }

            case JsonataObject jo:
                {
                    var sum = ObjectTag + jo.Count;
                    foreach (var key in jo.Keys)
                    {
                        sum += MemberHash(key, PlainHash(jo[key]));
                    }

                    return sum;
                }

            default:
                // JSON null, functions and anything else are equal only to themselves.
                return RuntimeHelpers.GetHashCode(value);
        }
    }

    private static int MemberHash(string key, int valueHash) => HashCode.Combine(key.GetHashCode(StringComparison.Ordinal), valueHash);

    /// <summary>A member value's hash without looking into arrays and objects (those count by kind only).</summary>
    private static int PlainHash(object? value) => value switch
    {
        JsonataArray => ArrayTag,
        JsonObjectValue or JsonataObject => ObjectTag,
        _ => Hash(value, 0),
    };

    /// <summary>The same for a member of an input object, read without converting arrays and objects.</summary>
    private static int PlainHash(JsonValue value) => value.Kind switch
    {
        JsonKind.Array => ArrayTag,
        JsonKind.Object => ObjectTag,
        _ => Hash(JsonataConvert.FromJson(value), 0),
    };
}
