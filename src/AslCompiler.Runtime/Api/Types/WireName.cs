using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// The wire spelling of the API's enumerated strings (<c>TIMED_OUT</c>, <c>AWS_OWNED_KEY</c>, ...), read from
/// the <see cref="JsonStringEnumMemberNameAttribute"/> on each member, so System.Text.Json and this class agree.
/// </summary>
public static class WireName
{
    private static readonly ConcurrentDictionary<Type, WireTable> Tables = new();

    /// <summary>The wire spelling of <paramref name="value"/>, e.g. <c>TIMED_OUT</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a declared member.</exception>
    public static string Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var table = TableOf(typeof(TEnum));
        return table.ToWire.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(TEnum).Name} value.");
    }

    /// <summary>Parses a wire spelling (exact, case-sensitive as AWS is).</summary>
    public static bool TryParse<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(string? wireName, out TEnum value)
        where TEnum : struct, Enum
    {
        if (wireName is not null && TableOf(typeof(TEnum)).FromWire.TryGetValue(wireName, out var boxed))
        {
            value = (TEnum)boxed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Whether <paramref name="value"/> is a declared member (not a cast integer).</summary>
    public static bool IsDefined<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(TEnum value)
        where TEnum : struct, Enum => TableOf(typeof(TEnum)).ToWire.ContainsKey(value);

    /// <summary>All wire spellings in declaration order.</summary>
    public static IReadOnlyList<string> All<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>()
        where TEnum : struct, Enum => TableOf(typeof(TEnum)).Names;

    /// <summary>
    /// The value set as a ValidationException's <c>Member must satisfy enum value set: [...]</c> lists it: in the order
    /// recorded for <see cref="ExecutionStatus"/> (the order of a Java set, not the model's), in declaration order for
    /// the others.
    /// </summary>
    public static string ValueSetText<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>()
        where TEnum : struct, Enum => "[" + string.Join(", ", typeof(TEnum) == typeof(ExecutionStatus) ? ExecutionStatusAsListed : All<TEnum>()) + "]";

    private static readonly string[] ExecutionStatusAsListed = ["SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"];

    private static WireTable TableOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type type) =>
        Tables.TryGetValue(type, out var table) ? table : Tables.GetOrAdd(type, new WireTable(type));

    private sealed class WireTable
    {
        public WireTable([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type type)
        {
            var names = new List<string>();
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = field.GetValue(null)!;
                var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
                ToWire[value] = name;
                FromWire[name] = value;
                names.Add(name);
            }

            Names = names;
        }

        public Dictionary<object, string> ToWire { get; } = new();

        public Dictionary<string, object> FromWire { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Names { get; }
    }
}
