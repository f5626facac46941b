namespace AslCompiler.Runtime.Json;

/// <summary>The kind of a <see cref="JsonValue"/>.</summary>
public enum JsonKind : byte
{
    /// <summary>No value at all (JSONata's <c>undefined</c>, a path that matched nothing); the <c>default</c> of <see cref="JsonValue"/>.</summary>
    Undefined = 0,

    /// <summary><c>null</c>.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>An array: <see cref="JsonArrayValue"/>.</summary>
    Array,

    /// <summary>An object: <see cref="JsonObjectValue"/>.</summary>
    Object,
}
