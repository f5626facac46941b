using System;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// Names the C# types of a generated state machine class's typed <c>RunAsync</c>: put it on your half of the partial
/// class that the source generator makes for an <c>*.asl.json</c> file, and the class gets
/// <c>RunAsync(IHandlers handlers, TInput input, JsonSerializerOptions? json, ...)</c> and, trim and AOT safe,
/// <c>RunAsync(JsonTypeInfo&lt;TInput&gt; inputTypeInfo, JsonTypeInfo&lt;TOutput&gt; outputTypeInfo, IHandlers handlers, TInput input, ...)</c>,
/// both returning <c>TOutput</c>, the input serialized and the output deserialized with System.Text.Json. The same as the <c>AslInputType</c> and
/// <c>AslOutputType</c> item metadata on the file; a side left unset here and there stays <c>JsonValue</c>.
/// </summary>
/// <example>
/// <code>
/// [StateMachineTypes(InputType = typeof(Order), OutputType = typeof(Receipt))]
/// public partial class OrderProcessing { }
/// </code>
/// </example>
/// <remarks>
/// The generator reads the attribute at build time; it has no effect at run time. Naming one side both here and in
/// item metadata is an error (ASL1009), as is a type the typed <c>RunAsync</c> cannot take or return (ASL1005). On a
/// class that no definition generates it is a warning (ASL1010).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StateMachineTypesAttribute : Attribute
{
    /// <summary>The typed <c>RunAsync</c>'s input type, serialized to the execution input; null: the input is a <c>JsonValue</c>.</summary>
    public Type? InputType { get; set; }

    /// <summary>The typed <c>RunAsync</c>'s result type, deserialized from the execution output; null: the result is a <c>JsonValue</c>.</summary>
    public Type? OutputType { get; set; }
}
