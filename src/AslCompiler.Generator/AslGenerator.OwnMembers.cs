using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>
/// Reads the members your half of a generated class declares (every partial declaration of yours; the generator does
/// not see its own output): one that a generated member would duplicate is reported on the <c>.asl.json</c> file
/// (ASL1008) rather than as CS0102, CS0111 or CS0082 inside the generated file, and a private generated member takes a
/// free name instead of one of yours.
/// </summary>
public sealed partial class AslGenerator
{
    /// <summary>The private field that holds the compiled program, unless your half has a member of that name.</summary>
    internal const string ProgramField = "s_program";

    /// <summary>The private nested class of the compiled program, unless your half has a member of that name.</summary>
    internal const string ProgramClass = "CompiledProgram";

    /// <summary>A shell's private constant of its errors, unless your half has a member of that name.</summary>
    internal const string ErrorsConstant = "AslDefinitionErrors";

    /// <summary>In <see cref="GeneratedDeclarations"/>, a parameter of the class's own nested <c>IHandlers</c>.</summary>
    private const string OwnHandlers = "IHandlers";

    /// <summary>In <see cref="GeneratedDeclarations"/>, <c>ITaskHandlerScope&lt;IHandlers&gt;</c> of the class's own <c>IHandlers</c>.</summary>
    private const string OwnHandlersScope = "<ITaskHandlerScope<IHandlers>>";

    /// <summary>In <see cref="GeneratedDeclarations"/>, the typed RunAsync's input (AslInputType, or JsonValue with only an AslOutputType).</summary>
    private const string TypedInput = "<typed input>";

    /// <summary>In <see cref="GeneratedDeclarations"/>, <c>JsonTypeInfo&lt;T&gt;</c> of the typed input's type.</summary>
    private const string TypedInputInfo = "<typed input's JsonTypeInfo>";

    /// <summary>In <see cref="GeneratedDeclarations"/>, <c>JsonTypeInfo&lt;T&gt;</c> of the typed output's type.</summary>
    private const string TypedOutputInfo = "<typed output's JsonTypeInfo>";

    private const string JsonValueType = "global::AslCompiler.Runtime.Json.JsonValue";
    private const string ExecutionOptionsType = "global::AslCompiler.Runtime.Execution.ExecutionOptions";
    private const string CancellationTokenType = "global::System.Threading.CancellationToken";

    /// <summary>
    /// The members a generated class declares as your half of the class can collide with them (AslGenerator.Emitter,
    /// ProgramEmitter): a method with its parameter types as <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/>
    /// writes them. The getter <c>get_Program</c> is one too: C# reserves it for the property <c>Program</c> (a member
    /// of that name is CS0102, a method of its parameters CS0082). Whether a class declares each: <see cref="IsDeclared(GeneratedDeclaration, ClassKey, bool, TypedSignature?)"/>.
    /// </summary>
    private static readonly GeneratedDeclaration[] GeneratedDeclarations =
    [
        new("Definition", GeneratedKind.Member, "the constant 'Definition'"),
        new("DefinitionHash", GeneratedKind.Member, "the constant 'DefinitionHash'"),
        new("States", GeneratedKind.Type, "the nested class 'States'"),
        new("IHandlers", GeneratedKind.Type, "the nested interface 'IHandlers'"),
        new("Program", GeneratedKind.Member, "the property 'Program'"),
        new("get_Program", GeneratedKind.Method, "the getter of the property 'Program'", []),
        new("RegisterCompiledProgram", GeneratedKind.Method, "the method 'RegisterCompiledProgram()'", []),
        new("RegisterHandlers", GeneratedKind.Method, "the method 'RegisterHandlers(TaskHandlerRegistry, IHandlers)'", ["global::AslCompiler.Runtime.Tasks.TaskHandlerRegistry", OwnHandlers]),
        new("RegisterHandlers", GeneratedKind.Method, "the method 'RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope<IHandlers>)'", ["global::AslCompiler.Runtime.Tasks.TaskHandlerRegistry", OwnHandlersScope]),
        new("RunAsync", GeneratedKind.Method, "the method 'RunAsync(IHandlers, JsonValue, ExecutionOptions?, CancellationToken)'", [OwnHandlers, JsonValueType, ExecutionOptionsType, CancellationTokenType]),
        new("RunAsync", GeneratedKind.Method, "the method 'RunAsync(JsonValue, ExecutionOptions?, CancellationToken)'", [JsonValueType, ExecutionOptionsType, CancellationTokenType], TypedSides.TaskFree),
        new("RunAsync", GeneratedKind.Method, "the method 'RunAsync(ExecutionKernel, IHandlers, JsonValue, ExecutionRequest?, CancellationToken)'", ["global::AslCompiler.Runtime.Execution.ExecutionKernel", OwnHandlers, JsonValueType, "global::AslCompiler.Runtime.Execution.ExecutionRequest", CancellationTokenType]),
        new("RunAsync", GeneratedKind.Method, "the typed method 'RunAsync(IHandlers, input, JsonSerializerOptions?, ExecutionOptions?, CancellationToken)'", [OwnHandlers, TypedInput, "global::System.Text.Json.JsonSerializerOptions", ExecutionOptionsType, CancellationTokenType], TypedSides.Any),
        new("RunAsync", GeneratedKind.Method, "the typed method 'RunAsync(JsonTypeInfo<input>, JsonTypeInfo<output>, IHandlers, input, ExecutionOptions?, CancellationToken)'", [TypedInputInfo, TypedOutputInfo, OwnHandlers, TypedInput, ExecutionOptionsType, CancellationTokenType], TypedSides.Both),
        new("RunAsync", GeneratedKind.Method, "the typed method 'RunAsync(JsonTypeInfo<input>, IHandlers, input, ExecutionOptions?, CancellationToken)'", [TypedInputInfo, OwnHandlers, TypedInput, ExecutionOptionsType, CancellationTokenType], TypedSides.Input),
        new("RunAsync", GeneratedKind.Method, "the typed method 'RunAsync(JsonTypeInfo<output>, IHandlers, JsonValue, ExecutionOptions?, CancellationToken)'", [TypedOutputInfo, OwnHandlers, JsonValueType, ExecutionOptionsType, CancellationTokenType], TypedSides.Output),
        new("CreateStateMachineAsync", GeneratedKind.Method, "the method 'CreateStateMachineAsync(IStepFunctions, string, string, StateMachineType, CancellationToken)'", ["global::AslCompiler.Runtime.Api.IStepFunctions", "string", "string", "global::AslCompiler.Runtime.Api.StateMachineType", CancellationTokenType]),
        new(ProgramField, GeneratedKind.Member, null),
        new(ProgramClass, GeneratedKind.Type, null),
        new(ErrorsConstant, GeneratedKind.Member, null),
    ];

    /// <summary>A user's method shown with its parameter types as written in C#: <c>RunAsync(IHandlers, JsonValue, CancellationToken)</c>.</summary>
    private static readonly SymbolDisplayFormat MethodFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseErrorTypeSymbolName);

    /// <summary>
    /// Whether your half of the class may declare a method that takes the class's own <c>IHandlers</c> and so could have
    /// a generated RunAsync's or RegisterHandlers' parameters: only the probe (which declares <c>IHandlers</c> in the
    /// class, as the generated half does) binds such a parameter as the generated file will.
    /// </summary>
    private static bool TakesHandlers(INamedTypeSymbol type)
    {
        foreach (var name in new[] { "RunAsync", "RegisterHandlers" })
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, Arity: 0 } method)
                {
                    foreach (var parameter in method.Parameters)
                    {
                        // Unresolved, IHandlers? reads as Nullable<IHandlers>; ITaskHandlerScope<IHandlers> is the other generic.
                        if (parameter.Type.Name == OwnHandlers || (parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } generic && generic.TypeArguments[0].Name == OwnHandlers))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Your half's members against the generated ones, by C#'s rules: a member that is not a method collides with every
    /// generated member of its name (a nested type of yours with a generated nested type only when both have the same
    /// number of type parameters: <c>States&lt;T&gt;</c> is another name); a method collides with a generated member that
    /// is not a method, and with a generated method only when it has no type parameters and the same parameter types
    /// (ref kinds included; return types, names, defaults and nullability do not count). Explicit interface
    /// implementations, constructors, operators and accessors have other names. A collision with a public or internal
    /// member is the problem (ASL1008); a private generated member that one of your members would collide with gets a
    /// free name instead (<c>s_program2</c> ...).
    /// </summary>
    /// <param name="key">The class.</param>
    /// <param name="type">The class in the compilation (in the probe's, when there is a probe).</param>
    /// <param name="hasRuntime">Whether the runtime is referenced (which members the class has).</param>
    /// <param name="typed">The typed RunAsyncs' input and output as the probe binds them, or null when there is no typed RunAsync.</param>
    /// <param name="probe">The probe's tree, whose declarations are not yours, or null.</param>
    private static OwnAnswer OwnMembers(ClassKey key, INamedTypeSymbol type, bool hasRuntime, TypedSignature? typed, SyntaxTree? probe)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var problems = new StringBuilder();
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var collidingPrivate = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || IsFromProbe(member, probe))
            {
                continue;
            }

            var name = ConflictName(member);
            names.Add(name);
            if (KindOf(member) is not { } kind)
            {
                continue; // a constructor, operator, accessor or explicit implementation: another name
            }

            var method = member as IMethodSymbol;
            var nestedType = member as INamedTypeSymbol;
            string? described = null;
            string? id = null;
            var sameName = 0;
            foreach (var generated in GeneratedDeclarations)
            {
                if (generated.Name != name || !IsDeclared(generated, key, hasRuntime, typed))
                {
                    continue;
                }

                sameName++;
                var overloads = method is not null && generated.Kind == GeneratedKind.Method;
                var collides = overloads
                    ? SameParameters(method!, generated.Parameters!, type, typed)
                    : nestedType is null || generated.Kind != GeneratedKind.Type || nestedType.Arity == 0;
                if (!collides)
                {
                    continue;
                }

                id ??= !overloads ? "CS0102" : generated.Name == "get_Program" ? "CS0082" : "CS0111";

                if (generated.Description is null)
                {
                    collidingPrivate.Add(generated.Name);
                }
                else
                {
                    // A member that is not a method collides with every generated overload: it is named once.
                    described ??= generated.Description;
                }
            }

            if (described is null || id is null)
            {
                continue;
            }

            if (method is null && sameName > 1)
            {
                described = "the methods '" + name + "'";
            }
            else if (id != "CS0102")
            {
                described += ", of the same parameter types";
            }

            ids.Add(id);
            problems.Append(problems.Length == 0 ? string.Empty : " ")
                .Append("The class '").Append(MetadataName(type)).Append("' declares '").Append(method is null ? DisplayName(member) : method.ToDisplayString(MethodFormat))
                .Append("' (").Append(kind).Append("), which is also a member generated from '").Append(key.RelativePath).Append("' (").Append(described).Append(").");
        }

        var problem = problems.Length == 0
            ? null
            : problems.Append(" Rename yours: C# would report the duplicate inside the generated file (").Append(string.Join(", ", ids))
                .Append("), so '").Append(key.RelativePath).Append("' is not generated.").ToString();
        return new OwnAnswer(
            problem,
            collidingPrivate.Contains(ProgramField) ? FreeName(ProgramField, type, names) : ProgramField,
            collidingPrivate.Contains(ProgramClass) ? FreeName(ProgramClass, type, names) : ProgramClass,
            collidingPrivate.Contains(ErrorsConstant) ? FreeName(ErrorsConstant, type, names) : ErrorsConstant);
    }

    private static bool IsFromProbe(ISymbol member, SyntaxTree? probe)
    {
        if (probe is not null)
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == probe)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The name under which C# compares a member with the others of its class: an indexer's is its metadata name (<c>Item</c>, or <c>[IndexerName]</c>'s).</summary>
    private static string ConflictName(ISymbol member) => member is IPropertySymbol { IsIndexer: true } ? member.MetadataName : member.Name;

    /// <summary>What kind of member yours is, for the message; null for the kinds that cannot collide with a generated member.</summary>
    private static string? KindOf(ISymbol member) => member switch
    {
        IFieldSymbol { IsConst: true } => "a constant",
        IFieldSymbol => "a field",
        IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } => null,
        IPropertySymbol { IsIndexer: true } => "an indexer",
        IPropertySymbol => "a property",
        IEventSymbol { ExplicitInterfaceImplementations.Length: > 0 } => null,
        IEventSymbol => "an event",
        IMethodSymbol { MethodKind: MethodKind.Ordinary } => "a method",
        INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: true } => "a nested record",
        INamedTypeSymbol { TypeKind: TypeKind.Class } => "a nested class",
        INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRecord: true } => "a nested record struct",
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => "a nested struct",
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => "a nested interface",
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => "a nested enum",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "a nested delegate",
        INamedTypeSymbol => "a nested type",
        _ => null,
    };

    /// <summary>A member that is not a method as your code names it: <c>Definition</c>, <c>Definition&lt;T&gt;</c>.</summary>
    private static string DisplayName(ISymbol member) =>
        member is INamedTypeSymbol { Arity: > 0 } generic ? generic.Name + "<" + string.Join(", ", generic.TypeParameters) + ">" : ConflictName(member);

    /// <summary>
    /// Whether the class declares the member: which members depend on the runtime and on the definition's validity, and
    /// the typed RunAsyncs on its types (the one that takes type infos on which sides are typed).
    /// </summary>
    private static bool IsDeclared(GeneratedDeclaration generated, ClassKey key, bool hasRuntime, TypedSignature? typed) =>
        IsDeclared(generated.Name, key.Valid, hasRuntime) && generated.Sides switch
        {
            TypedSides.None => true,
            TypedSides.Any => typed is not null,
            TypedSides.Both => typed is { Output: not null } && key.InputType.Length > 0,
            TypedSides.Input => typed is { Output: null } && key.InputType.Length > 0,
            TypedSides.TaskFree => key.TaskFree,
            _ => typed is { Output: not null } && key.InputType.Length == 0,
        };

    /// <summary>Whether a method of yours has a generated method's signature (C#'s: the parameter types and ref kinds).</summary>
    private static bool SameParameters(IMethodSymbol method, string[] parameters, INamedTypeSymbol type, TypedSignature? typed)
    {
        if (method.Arity != 0 || method.Parameters.Length != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                return false;
            }

            var same = parameters[i] switch
            {
                // The class's own IHandlers: declared by the probe as the generated half declares it, so your
                // IHandlers (or Orders.IHandlers) binds to it as it will bind to the generated interface.
                OwnHandlers => IsOwnHandlers(parameter.Type, type),
                OwnHandlersScope => parameter.Type is INamedTypeSymbol { MetadataName: "ITaskHandlerScope`1", ContainingType: null } scope
                    && scope.ContainingNamespace.ToDisplayString() == "AslCompiler.Runtime.Tasks" && IsOwnHandlers(scope.TypeArguments[0], type),
                TypedInput => typed is not null && SameType(parameter.Type, typed.Input),
                TypedInputInfo => typed is not null && IsTypeInfoOf(parameter.Type, typed.Input),
                TypedOutputInfo => typed?.Output is { } output && IsTypeInfoOf(parameter.Type, output),
                var expected => parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == expected,
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="parameter"/> is the class's own <c>IHandlers</c> (as the probe declares it).</summary>
    private static bool IsOwnHandlers(ITypeSymbol parameter, INamedTypeSymbol type) =>
        parameter is INamedTypeSymbol { Name: OwnHandlers, Arity: 0 } handlers && handlers.TypeKind != TypeKind.Error
            && SymbolEqualityComparer.Default.Equals(handlers.ContainingType, type);

    /// <summary>Whether <paramref name="parameter"/> is <c>JsonTypeInfo&lt;T&gt;</c> of <paramref name="typed"/> (as C# compares types in a signature).</summary>
    private static bool IsTypeInfoOf(ITypeSymbol parameter, ITypeSymbol typed) =>
        parameter is INamedTypeSymbol { MetadataName: "JsonTypeInfo`1", ContainingType: null } info
            && info.ContainingNamespace.ToDisplayString() == "System.Text.Json.Serialization.Metadata"
            && SameType(info.TypeArguments[0], typed);

    /// <summary>
    /// Whether two types are the same in a signature as C# compares them: tuple element names, nullability and
    /// <c>dynamic</c> against <c>object</c> do not count.
    /// </summary>
    private static bool SameType(ITypeSymbol a, ITypeSymbol b)
    {
        if (IsObject(a) || IsObject(b))
        {
            return IsObject(a) && IsObject(b);
        }

        switch (a)
        {
            case IArrayTypeSymbol array:
                return b is IArrayTypeSymbol otherArray && array.Rank == otherArray.Rank && SameType(array.ElementType, otherArray.ElementType);
            case IPointerTypeSymbol pointer:
                return b is IPointerTypeSymbol otherPointer && SameType(pointer.PointedAtType, otherPointer.PointedAtType);
            case INamedTypeSymbol named when b is INamedTypeSymbol other:
                if (!SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, other.OriginalDefinition)
                    || (named.ContainingType is { } outer && !SameType(outer, other.ContainingType!)))
                {
                    return false;
                }

                for (var i = 0; i < named.TypeArguments.Length; i++)
                {
                    if (!SameType(named.TypeArguments[i], other.TypeArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return SymbolEqualityComparer.Default.Equals(a, b);
        }

        static bool IsObject(ITypeSymbol type) => type.TypeKind == TypeKind.Dynamic || type.SpecialType == SpecialType.System_Object;
    }

    /// <summary>
    /// A name for a private generated member that your half has the name of: the name with 2, 3 ... appended that no
    /// member of yours, of a base class or of the generated class has, and that is not the class's (CS0542). Nothing
    /// of yours names it, so nothing else changes; a base's member of that name would need <c>new</c>, so it is avoided too.
    /// </summary>
    private static string FreeName(string name, INamedTypeSymbol type, HashSet<string> taken)
    {
        for (var n = 2; ; n++)
        {
            var candidate = name + n.ToString(CultureInfo.InvariantCulture);
            if (taken.Contains(candidate) || candidate == type.Name || Array.IndexOf(GeneratedMemberNames, candidate) >= 0 || IsInherited(type, candidate))
            {
                continue;
            }

            return candidate;
        }
    }

    private static bool IsInherited(INamedTypeSymbol type, string name)
    {
        for (var b = type.BaseType; b is not null && b.TypeKind != TypeKind.Error; b = b.BaseType)
        {
            if (!b.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What <see cref="OwnMembers"/> says of a class.</summary>
    /// <param name="Problem">The ASL1008 message, or null.</param>
    /// <param name="ProgramField">The compiled program's field's name.</param>
    /// <param name="ProgramClass">The compiled program's class's name.</param>
    /// <param name="ErrorsConstant">A shell's errors' constant's name.</param>
    private sealed record OwnAnswer(string? Problem, string ProgramField, string ProgramClass, string ErrorsConstant)
    {
        /// <summary>No half of yours: no collision, the usual names.</summary>
        public static readonly OwnAnswer None = new(null, AslGenerator.ProgramField, AslGenerator.ProgramClass, AslGenerator.ErrorsConstant);

        /// <summary>The private generated members that take another name (by their usual name), which hide nothing.</summary>
        public bool IsRenamed(string member) => member switch
        {
            AslGenerator.ProgramField => ProgramField != AslGenerator.ProgramField,
            AslGenerator.ProgramClass => ProgramClass != AslGenerator.ProgramClass,
            AslGenerator.ErrorsConstant => ErrorsConstant != AslGenerator.ErrorsConstant,
            _ => false,
        };
    }

    /// <summary>What a generated member is, as C# compares it with yours.</summary>
    private enum GeneratedKind
    {
        /// <summary>A constant, field or property: collides with every member of its name.</summary>
        Member,

        /// <summary>A nested type without type parameters: collides with every member of its name but a nested type with them.</summary>
        Type,

        /// <summary>A method: collides with a member of its name that is not a method, and with a method of its parameter types.</summary>
        Method,
    }

    /// <summary>A member a generated class declares (<see cref="GeneratedDeclarations"/>).</summary>
    /// <param name="Name">Its name (the getter's for <c>get_Program</c>).</param>
    /// <param name="Kind">What it is.</param>
    /// <param name="Description">How ASL1008 names it; null for a private member, which takes a free name instead.</param>
    /// <param name="Parameters">A method's parameter types (<see cref="SymbolDisplayFormat.FullyQualifiedFormat"/>, or <see cref="OwnHandlers"/>, <see cref="TypedInput"/>).</param>
    /// <param name="Sides">Whether it is a typed RunAsync, declared only when types it can take are named (and for which sides).</param>
    private sealed record GeneratedDeclaration(string Name, GeneratedKind Kind, string? Description, string[]? Parameters = null, TypedSides Sides = TypedSides.None);

    /// <summary>Which typed sides a class must have to declare a generated member.</summary>
    private enum TypedSides
    {
        /// <summary>Not a typed member: declared whatever the types.</summary>
        None,

        /// <summary>Declared when either side is typed (the typed RunAsync that takes serializer options).</summary>
        Any,

        /// <summary>Declared when both sides are typed.</summary>
        Both,

        /// <summary>Declared when only the input is typed.</summary>
        Input,

        /// <summary>Declared when only the output is typed.</summary>
        Output,

        /// <summary>Not a typed member: declared when the definition has no Task handlers (the handler-less RunAsync).</summary>
        TaskFree,
    }

    /// <summary>The typed RunAsyncs' types as the probe binds them.</summary>
    /// <param name="Input">The input (<c>JsonValue</c> when only the output is typed).</param>
    /// <param name="Output">The output, or null when only the input is typed.</param>
    private sealed record TypedSignature(ITypeSymbol Input, ITypeSymbol? Output);
}
