using System;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>Date/time and integer pictures (XPath F&amp;O 3.1 as JSONata implements them).</summary>
internal static partial class JsonataDateTime
{
}

internal static partial class JsonataDateTime
{
    public static object? FormatInteger(double value, string picture) => throw new JsonataException("D0000", "not implemented");

    public static object? ParseInteger(string value, string picture) => throw new JsonataException("D0000", "not implemented");

    public static object? ToMillis(string value, string? picture) => throw new JsonataException("D0000", "not implemented");

    public static object? FromMillis(double value, string? picture, string? timezone) => throw new JsonataException("D0000", "not implemented");
}
