using System.Diagnostics.CodeAnalysis;

// Built-in functions return JSONata values (object?) uniformly; narrowing each return type would not help.
[assembly: SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance", Justification = "Uniform JSONata value type.", Scope = "namespaceanddescendants", Target = "~N:AslCompiler.Runtime.Jsonata")]
