using System.Collections.Generic;

namespace AslCompiler.Language.JsonPath;

/// <summary>An argument of an intrinsic function call (a literal, a path, or a nested call).</summary>
public abstract class IntrinsicArgument
{
    private protected IntrinsicArgument(int offset, int length)
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>The offset of the argument in the expression text.</summary>
    public int Offset { get; }

    /// <summary>The length of the argument's text as written (a string literal with its quotes).</summary>
    public int Length { get; }
}

/// <summary>A string literal, unescaped (<c>'it\'s'</c> gives <c>it's</c>).</summary>
public sealed class IntrinsicStringArgument : IntrinsicArgument
{
    internal IntrinsicStringArgument(int offset, int length, string value, IReadOnlyList<string> templatePieces)
        : base(offset, length)
    {
        Value = value;
        TemplatePieces = templatePieces;
    }

    /// <summary>The unescaped value (<c>\{</c> and <c>\}</c> become braces).</summary>
    public string Value { get; }

    /// <summary>
    /// The literal read as a <c>States.Format</c> template: the unescaped text around each placeholder, one more
    /// piece than placeholders. A placeholder is <c>{}</c> written without escapes; the escapes were read once, left to
    /// right, so <c>\{}</c> is the text <c>{}</c> and <c>\\{}</c> is a backslash then a placeholder.
    /// </summary>
    public IReadOnlyList<string> TemplatePieces { get; }
}

/// <summary>A number literal.</summary>
public sealed class IntrinsicNumberArgument : IntrinsicArgument
{
    internal IntrinsicNumberArgument(int offset, string text)
        : base(offset, text.Length) => Text = text;

    /// <summary>The number as written.</summary>
    public string Text { get; }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class IntrinsicBooleanArgument : IntrinsicArgument
{
    internal IntrinsicBooleanArgument(int offset, bool value)
        : base(offset, value ? 4 : 5) => Value = value;

    /// <summary>The value.</summary>
    public bool Value { get; }
}

/// <summary><c>null</c>.</summary>
public sealed class IntrinsicNullArgument : IntrinsicArgument
{
    internal IntrinsicNullArgument(int offset)
        : base(offset, 4)
    {
    }
}

/// <summary>A path: <c>$.a</c>, <c>$$.Execution.Id</c>, <c>$var</c>.</summary>
public sealed class IntrinsicPathArgument : IntrinsicArgument
{
    internal IntrinsicPathArgument(int offset, int length, JsonPathExpression path)
        : base(offset, length) => Path = path;

    /// <summary>The path.</summary>
    public JsonPathExpression Path { get; }
}

/// <summary>A call such as <c>States.Format('{}', $.a)</c>; also an argument when nested.</summary>
public sealed class IntrinsicFunctionCall : IntrinsicArgument
{
    internal IntrinsicFunctionCall(int offset, string name, IReadOnlyList<IntrinsicArgument> arguments, string text)
        : base(offset, text.Length)
    {
        Name = name;
        Arguments = arguments;
        Text = text;
    }

    /// <summary>The full function name, e.g. <c>States.Format</c>.</summary>
    public string Name { get; }

    /// <summary>The arguments in order.</summary>
    public IReadOnlyList<IntrinsicArgument> Arguments { get; }

    /// <summary>The call's text as written.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
