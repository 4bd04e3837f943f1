"""Reading a PDF as a warehouse scanner would: render each page to an image (PDFium) and decode
the barcodes on it (zxing-cpp). Both come as wheels from the registry; nothing else to install."""
import pypdfium2
import zxingcpp


def barcodes_in_pdf(pdf: bytes, scale: float = 2) -> list[tuple[int, str, str]]:
    """(page number, barcode format, text) of every barcode found, page by page."""
    found = []
    document = pypdfium2.PdfDocument(pdf)
    for number, page in enumerate(document, start=1):
        image = page.render(scale=scale).to_pil()
        found += [(number, barcode.format.name, barcode.text) for barcode in zxingcpp.read_barcodes(image)]
    return found


def page_images(pdf: bytes, scale: float = 1.5) -> list:
    """Each page as a PIL image (to look at, or save as a screenshot)."""
    return [page.render(scale=scale).to_pil() for page in pypdfium2.PdfDocument(pdf)]
