//! Embeds the customer widget's bundle (built by `npm run build` in widget/)
//! into the server binary. Without a bundle the server still builds and
//! serves a script that says how to build it.

use std::path::Path;

fn main() {
    let bundle = Path::new("../widget/dist/widget.js");
    println!("cargo:rerun-if-changed={}", bundle.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.js");
    let contents = std::fs::read(bundle).unwrap_or_else(|_| {
        b"console.error('Fiido widget: this server was built without the widget bundle; run scripts/setup and `npm run build` in widget/, then rebuild the server.');".to_vec()
    });
    std::fs::write(&out, contents).expect("writing the widget bundle to OUT_DIR");
}
